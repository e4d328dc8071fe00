using VarTrace.Core.Checks;
using VarTrace.Core.Diff;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;

namespace VarTrace.Core.Output.Diff;

/// <summary>
/// The diff as plain dictionaries and lists: the JSON output writes it as is, and Liquid templates
/// (the built-in PR comment and <c>--template FILE</c>) read the same names, so the JSON documents
/// what a template can use. Keys keep insertion order, so output is deterministic.
/// </summary>
public static class DiffModel
{
    /// <summary>The version of the diff's JSON shape; bumped on any incompatible change.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Builds the model; <paramref name="forTemplate"/> adds a ready Mermaid flowchart to each change whose winner moved.</summary>
    public static Dictionary<string, object?> Build(RevisionDiff diff, bool forTemplate)
    {
        var groups = diff.Groups;
        return new Dictionary<string, object?>
        {
            ["schemaVersion"] = SchemaVersion,
            ["base"] = diff.Base,
            ["head"] = diff.Head,
            ["headLabel"] = diff.HeadLabel,
            ["playbook"] = diff.Playbook,
            ["summary"] = new Dictionary<string, object?>
            {
                ["hostsCompared"] = diff.HostsCompared,
                ["contextsCompared"] = diff.ContextsCompared,
                ["changes"] = groups.Length,
                ["variables"] = groups.Select(static g => g.Change.Variable).Distinct().Count(),
                ["hostsAffected"] = groups.SelectMany(static g => g.Hosts).Distinct().Count(),
                ["valueChanges"] = groups.Count(static g => g.Change.Kind != ChangeKind.SourceMoved),
                ["sourceMoves"] = groups.Count(static g => g.Change.Kind == ChangeKind.SourceMoved),
                ["stoppedTakingEffect"] = groups.Count(static g => g.Change.StoppedTakingEffect),
                ["startedTakingEffect"] = groups.Count(static g => g.Change.StartedTakingEffect),
                ["findingsIntroduced"] = diff.IntroducedFindings.Length,
                ["findingsFixed"] = diff.FixedFindings.Length,
            },
            ["addedHosts"] = diff.AddedHosts.ToList(),
            ["removedHosts"] = diff.RemovedHosts.ToList(),
            ["addedContexts"] = diff.AddedContexts.ToList(),
            ["removedContexts"] = diff.RemovedContexts.ToList(),
            ["changes"] = groups.Select(g => Change(g, forTemplate)).ToList(),
            ["findings"] = new Dictionary<string, object?>
            {
                ["introduced"] = diff.IntroducedFindings.Select(static f => Finding(f.Finding, f.OnChangedLine)).ToList(),
                ["fixed"] = diff.FixedFindings.Select(static d => Finding(d, onChangedLine: null)).ToList(),
            },
        };
    }

    /// <summary>The JSON id of a change kind.</summary>
    public static string KindId(ChangeKind kind) => kind switch
    {
        ChangeKind.ValueChanged => "value-changed",
        ChangeKind.Added => "added",
        ChangeKind.Removed => "removed",
        ChangeKind.SourceMoved => "source-moved",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static Dictionary<string, object?> Change(ChangeGroup group, bool forTemplate)
    {
        var change = group.Change;
        var result = new Dictionary<string, object?>
        {
            ["variable"] = change.Variable,
            ["kind"] = KindId(change.Kind),
            ["hosts"] = group.Hosts.ToList(),
            ["contexts"] = group.Contexts.Select(static c => new Dictionary<string, object?>
            {
                ["play"] = c.PlayNumber,
                ["playTitle"] = c.PlayTitle,
                ["role"] = c.Role,
                ["label"] = c.ToString(),
            }).ToList(),
            ["base"] = Side(change.Base),
            ["head"] = Side(change.Head),
            ["winnerMoved"] = group.WinnerMoved,
            ["stoppedTakingEffect"] = change.StoppedTakingEffect,
            ["startedTakingEffect"] = change.StartedTakingEffect,
            ["onChangedLine"] = group.OnChangedLine,
            ["baseChain"] = group.BaseChain.Select(Link).ToList(),
            ["headChain"] = group.HeadChain.Select(Link).ToList(),
        };
        if (forTemplate) result["mermaid"] = group.WinnerMoved ? MermaidChain.Render(group) : null;
        return result;
    }

    private static Dictionary<string, object?> Finding(Diagnostic finding, bool? onChangedLine)
    {
        var location = finding.Location;
        var result = new Dictionary<string, object?>
        {
            ["ruleId"] = finding.Rule.Id,
            ["ruleName"] = finding.Rule.Name,
            ["severity"] = finding.Severity.Name(),
            ["message"] = finding.Message,
            ["file"] = location.File,
            ["line"] = location.Line > 0 ? location.Line : null,
            ["column"] = location.Line > 0 ? location.Column : null,
            ["where"] = location.ToString(),
            ["fingerprint"] = finding.Fingerprint,
        };
        if (onChangedLine is { } onChanged) result["onChangedLine"] = onChanged;
        return result;
    }

    private static Dictionary<string, object?> Side(DiffSide side) => new()
    {
        ["defined"] = side.Value is not null,
        ["value"] = side.Value,
        ["type"] = side.Type,
        ["source"] = side.Location is { } location ? Source(location, side.Level!.Value, side.Origin!) : null,
        ["sourceText"] = side.SourceText,
    };

    private static Dictionary<string, object?> Source(SourceLocation location, PrecedenceLevel level, string origin) => new()
    {
        ["file"] = location.File.Length == 0 ? null : location.File,
        ["line"] = location.Line,
        ["column"] = location.Column,
        ["level"] = level.Id(),
        ["levelLabel"] = level.Label(),
        ["origin"] = origin,
    };

    private static Dictionary<string, object?> Link(ChainLink link)
    {
        var source = Source(link.Location, link.Level, link.Origin);
        source["value"] = link.Value;
        return source;
    }
}
