using System.Collections.Immutable;
using VarTrace.Core.Checks;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;

namespace VarTrace.Core.Diff;

/// <summary>What a change does to the effective values of a checkout, between two revisions.</summary>
/// <param name="Base">The base revision as given.</param>
/// <param name="Head">The head revision as given, or null for the working tree.</param>
/// <param name="Playbook">Project-relative path of the playbook analysed (the head's).</param>
/// <param name="HostsCompared">Number of hosts present in both revisions.</param>
/// <param name="ContextsCompared">Number of (host, context) pairs present in both revisions.</param>
/// <param name="Groups">Changes, grouped by hosts that change alike, in deterministic order.</param>
/// <param name="AddedHosts">Hosts only in the head's inventory.</param>
/// <param name="RemovedHosts">Hosts only in the base's inventory.</param>
/// <param name="AddedContexts">Contexts only in the head, as "host: context".</param>
/// <param name="RemovedContexts">Contexts only in the base, as "host: context".</param>
public sealed record RevisionDiff(
    string Base,
    string? Head,
    string Playbook,
    int HostsCompared,
    int ContextsCompared,
    ImmutableArray<ChangeGroup> Groups,
    ImmutableArray<string> AddedHosts,
    ImmutableArray<string> RemovedHosts,
    ImmutableArray<string> AddedContexts,
    ImmutableArray<string> RemovedContexts)
{
    /// <summary>Problems in the head that did not block the diff (as <c>values</c> warns about them).</summary>
    public ImmutableArray<LoadDiagnostic> HeadWarnings { get; init; } = [];

    /// <summary>The project directory relative to the repository root (<c>""</c> at the root), for repository-relative paths.</summary>
    public string RepositoryPath { get; init; } = string.Empty;

    /// <summary>
    /// Findings of <c>vartrace check</c> in the head whose fingerprint the base's run does not have,
    /// in the order <c>check</c> prints them.
    /// </summary>
    public ImmutableArray<IntroducedFinding> IntroducedFindings { get; init; } = [];

    /// <summary>
    /// Findings of <c>vartrace check</c> in the base whose fingerprint the head's run does not have
    /// (fixed, or silenced by a suppression comment or <c>.vartrace.yml</c>), in the order <c>check</c> prints them.
    /// </summary>
    public ImmutableArray<Diagnostic> FixedFindings { get; init; } = [];

    /// <summary>"the working tree" or the head revision, for output.</summary>
    public string HeadLabel => Head ?? "the working tree";

    /// <summary>True when nothing changed.</summary>
    public bool IsEmpty => Groups.IsEmpty && AddedHosts.IsEmpty && RemovedHosts.IsEmpty && AddedContexts.IsEmpty && RemovedContexts.IsEmpty
        && IntroducedFindings.IsEmpty && FixedFindings.IsEmpty;
}

/// <summary>A finding of <c>vartrace check</c> that the change introduced.</summary>
/// <param name="Finding">The finding, as <c>check</c> reports it on the head.</param>
/// <param name="OnChangedLine">True when it points at a line the change added or modified (a whole-file finding: at a file the change touched).</param>
public sealed record IntroducedFinding(Diagnostic Finding, bool OnChangedLine);

/// <summary>Where a variable is read: the play and, inside it, the role (null at play level).</summary>
/// <param name="PlayNumber">1-based play number after import_playbook expansion.</param>
/// <param name="PlayTitle">"play 4 `Install`".</param>
/// <param name="Role">The role whose tasks see the variables, or null at play level.</param>
public sealed record DiffContext(int PlayNumber, string PlayTitle, string? Role) : IComparable<DiffContext>
{
    /// <summary>"play 4 `Install`, role `calico`" or "play 4 `Install`, play level".</summary>
    public override string ToString() => Role is null ? $"{PlayTitle}, play level" : $"{PlayTitle}, role `{Role}`";

    /// <inheritdoc/>
    public int CompareTo(DiffContext? other)
    {
        if (other is null) return 1;
        var byPlay = PlayNumber.CompareTo(other.PlayNumber);
        if (byPlay != 0) return byPlay;
        if (Role is null || other.Role is null) return (Role is null ? 0 : 1) - (other.Role is null ? 0 : 1);
        return string.CompareOrdinal(Role, other.Role);
    }
}

/// <summary>How a variable's effective value changed.</summary>
public enum ChangeKind
{
    /// <summary>Defined on both sides with different values.</summary>
    ValueChanged,

    /// <summary>Only defined in the head.</summary>
    Added,

    /// <summary>Only defined in the base.</summary>
    Removed,

    /// <summary>Same value, supplied by another definition (file or precedence level).</summary>
    SourceMoved,
}

/// <summary>A variable on one side of the diff.</summary>
/// <param name="Value">The evaluated value as compact JSON (or <c>&lt;unknown: …&gt;</c>, <c>&lt;error: …&gt;</c>); null when undefined.</param>
/// <param name="Type">The Python type of the value, when known.</param>
/// <param name="Location">Where the winning definition stands (file empty for Ansible's magic variables).</param>
/// <param name="Level">The winning definition's precedence level.</param>
/// <param name="Origin">The winning definition's source, in a user's words.</param>
public sealed record DiffSide(string? Value, string? Type, SourceLocation? Location, PrecedenceLevel? Level, string? Origin)
{
    /// <summary>An undefined variable.</summary>
    public static DiffSide Undefined { get; } = new(null, null, null, null, null);

    /// <summary>"inventory/…/k8s-cluster.yml:23:1 (6/22 inventory group_vars)", or "(undefined)".</summary>
    public string SourceText => Location is not { } location
        ? "(undefined)"
        : $"{(location.File.Length == 0 ? "(set by Ansible)" : location.ToString())} ({Level!.Value.Label()})";
}

/// <summary>One variable's change in one (host, context), comparable across hosts.</summary>
/// <param name="Variable">The variable.</param>
/// <param name="Kind">How it changed.</param>
/// <param name="Base">The base side.</param>
/// <param name="Head">The head side.</param>
/// <param name="StoppedTakingEffect">The base's winning definition is still in the head but no longer wins.</param>
/// <param name="StartedTakingEffect">The head's winning definition was already in the base but lost there.</param>
public sealed record VariableChange(string Variable, ChangeKind Kind, DiffSide Base, DiffSide Head, bool StoppedTakingEffect, bool StartedTakingEffect);

/// <summary>One definition in a variable's precedence chain, lowest first.</summary>
/// <param name="Level">The precedence level.</param>
/// <param name="Origin">The source, in a user's words.</param>
/// <param name="Location">Where it stands.</param>
/// <param name="Value">The raw value as compact JSON.</param>
public sealed record ChainLink(PrecedenceLevel Level, string Origin, SourceLocation Location, string Value);

/// <summary>A change shared by several hosts in the same contexts.</summary>
/// <param name="Change">The change.</param>
/// <param name="Hosts">The hosts, sorted.</param>
/// <param name="Contexts">The contexts in which each of those hosts sees the change, sorted.</param>
/// <param name="BaseChain">The base's precedence chain for the first host and context (lowest first).</param>
/// <param name="HeadChain">The head's precedence chain for the first host and context (lowest first).</param>
/// <param name="OnChangedLine">True when the head's winning definition stands on a line the change added or modified.</param>
public sealed record ChangeGroup(
    VariableChange Change,
    ImmutableArray<string> Hosts,
    ImmutableArray<DiffContext> Contexts,
    ImmutableArray<ChainLink> BaseChain,
    ImmutableArray<ChainLink> HeadChain,
    bool OnChangedLine)
{
    /// <summary>True when the winning definition moved (another file or level), where a picture of the chain helps.</summary>
    public bool WinnerMoved => Change.Base.Location is { } before && Change.Head.Location is { } after
        && (before.File != after.File || Change.Base.Level != Change.Head.Level || Change.Base.Origin != Change.Head.Origin);
}
