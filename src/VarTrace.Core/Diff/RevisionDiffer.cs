using System.Collections.Immutable;
using VarTrace.Core.Checks;
using VarTrace.Core.Git;
using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Model;
using VarTrace.Core.Output;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;
using VarTrace.Core.Values;

namespace VarTrace.Core.Diff;

/// <summary>
/// Compares the effective values of two revisions of a checkout: for every host and every context
/// (play level, and each role of each play, as <c>values</c> resolves them) it evaluates every
/// variable on both sides and reports what changed, grouping hosts that change alike; and it runs
/// <c>check</c> on both sides to report the findings the change introduced or fixed.
/// </summary>
public static class RevisionDiffer
{
    /// <summary>
    /// Reads <paramref name="baseRevision"/> and <paramref name="headRevision"/> (null: the working
    /// tree, uncommitted changes included) of the checkout <paramref name="options"/> name, without
    /// touching the working tree, and compares them. Each side is read with its own
    /// <c>.vartrace.yml</c> (default inventory and playbook, rules and severities).
    /// </summary>
    /// <exception cref="VarTraceException">git fails, a revision is unknown, or a side cannot be loaded.</exception>
    public static RevisionDiff Compare(WorkspaceOptions options, string baseRevision, string? headRevision)
    {
        var projectDirectory = Path.GetFullPath(options.ProjectDirectory, options.CurrentDirectory);
        using var baseTree = GitRevisionTree.Open(projectDirectory, baseRevision);
        using var headTree = headRevision is null ? null : GitRevisionTree.Open(projectDirectory, headRevision);
        var (before, beforeFindings) = Load(options, baseTree, $"base `{baseRevision}`");
        var (after, afterFindings) = Load(options, headTree, headRevision is null ? "the working tree" : $"head `{headRevision}`");
        var diff = Compare(before, after, baseRevision, headRevision) with { RepositoryPath = baseTree.ProjectPath };
        return CompareFindings(diff, before, after, beforeFindings, afterFindings);
    }

    /// <summary>
    /// Adds to <paramref name="diff"/> the findings only one side's check reports, matched by
    /// fingerprint (rule, file, line text and message without line numbers), so a finding that
    /// merely moved with the lines around it is neither introduced nor fixed.
    /// </summary>
    public static RevisionDiff CompareFindings(RevisionDiff diff, Workspace before, Workspace after, CheckResult beforeFindings, CheckResult afterFindings)
    {
        var baseFingerprints = beforeFindings.Diagnostics.Select(static d => d.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var headFingerprints = afterFindings.Diagnostics.Select(static d => d.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var changedLines = new Dictionary<string, IReadOnlySet<int>>(StringComparer.Ordinal);
        return diff with
        {
            IntroducedFindings = [.. afterFindings.Diagnostics
                .Where(d => !baseFingerprints.Contains(d.Fingerprint))
                .Select(d => new IntroducedFinding(d, IsOnChangedLine(before, after, d.Location, changedLines)))],
            FixedFindings = [.. beforeFindings.Diagnostics.Where(d => !headFingerprints.Contains(d.Fingerprint))],
        };
    }

    /// <summary>Compares two loaded workspaces of the same checkout.</summary>
    public static RevisionDiff Compare(Workspace before, Workspace after, string baseLabel, string? headLabel)
    {
        var beforeHosts = before.Inventory.Hosts.Keys.ToHashSet(StringComparer.Ordinal);
        var afterHosts = after.Inventory.Hosts.Keys.ToHashSet(StringComparer.Ordinal);
        var occurrences = new Dictionary<VariableChange, Occurrences>();
        var addedContexts = new List<string>();
        var removedContexts = new List<string>();
        var contextsCompared = 0;
        var hosts = beforeHosts.Intersect(afterHosts).Order(StringComparer.Ordinal).ToList();
        foreach (var host in hosts)
        {
            var beforeContexts = Contexts(before, host);
            var afterContexts = Contexts(after, host);
            removedContexts.AddRange(beforeContexts.Keys.Except(afterContexts.Keys).Order().Select(c => $"{host}: {c}"));
            addedContexts.AddRange(afterContexts.Keys.Except(beforeContexts.Keys).Order().Select(c => $"{host}: {c}"));
            foreach (var context in beforeContexts.Keys.Intersect(afterContexts.Keys).Order())
            {
                contextsCompared++;
                var left = Resolver.Resolve(before, host, beforeContexts[context]);
                var right = Resolver.Resolve(after, host, afterContexts[context]);
                foreach (var (change, baseChain, headChain) in CompareContext(left, right))
                {
                    if (!occurrences.TryGetValue(change, out var found)) occurrences[change] = found = new Occurrences();
                    found.Offer(baseChain, headChain);
                    if (!found.Contexts.TryGetValue(host, out var contexts)) found.Contexts[host] = contexts = [];
                    contexts.Add(context);
                }
            }
        }

        var changedLines = new Dictionary<string, IReadOnlySet<int>>(StringComparer.Ordinal);
        var groups = occurrences
            .SelectMany(pair => pair.Value.Contexts
                .GroupBy(static h => string.Join('\n', h.Value), StringComparer.Ordinal)
                .Select(alike => new ChangeGroup(
                    pair.Key,
                    [.. alike.Select(static h => h.Key)],
                    [.. alike.First().Value],
                    pair.Value.BaseChain,
                    pair.Value.HeadChain,
                    IsOnChangedLine(before, after, pair.Key.Head.Location, changedLines))))
            .OrderBy(static g => g.Change.Variable, StringComparer.Ordinal)
            .ThenBy(static g => g.Hosts[0], StringComparer.Ordinal)
            .ThenBy(static g => g.Contexts[0])
            .ThenBy(static g => g.Change.Kind)
            .ThenBy(static g => g.Change.Head.Value ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(static g => g.Change.Base.Value ?? string.Empty, StringComparer.Ordinal)
            .ToImmutableArray();
        return new RevisionDiff(
            baseLabel,
            headLabel,
            after.Playbook,
            hosts.Count,
            contextsCompared,
            groups,
            [.. afterHosts.Except(beforeHosts).Order(StringComparer.Ordinal)],
            [.. beforeHosts.Except(afterHosts).Order(StringComparer.Ordinal)],
            [.. addedContexts],
            [.. removedContexts])
        {
            HeadWarnings = [.. after.Diagnostics.Distinct().OrderBy(static d => d.Location.File, StringComparer.Ordinal).ThenBy(static d => d.Location.Line)],
        };
    }

    private static (Workspace Workspace, CheckResult Findings) Load(WorkspaceOptions options, IFileTree? tree, string side)
    {
        try
        {
            var root = Path.GetFullPath(options.ProjectDirectory, options.CurrentDirectory);
            var config = CheckConfig.Load(tree is null ? new ProjectFiles(root, options.Limits) : new ProjectFiles(root, tree, options.Limits));
            var withDefaults = config.ApplyDefaults(options);
            return (Workspace.Load(withDefaults, tree: tree), CheckEngine.Run(new CheckOptions(withDefaults, config), tree));
        }
        catch (VarTraceException e)
        {
            throw new VarTraceException(e.Location, $"{e.Message} (in {side})");
        }
    }

    /// <summary>The host's contexts: each play targeting it at play level, then inside each of its roles (dependencies included).</summary>
    private static SortedDictionary<DiffContext, ResolutionContext> Contexts(Workspace workspace, string host)
    {
        var contexts = new SortedDictionary<DiffContext, ResolutionContext>();
        if (workspace.Plays.IsEmpty)
        {
            contexts[new DiffContext(0, "inventory only", null)] = Resolver.ChooseContext(workspace, host, null, null);
            return contexts;
        }

        foreach (var play in workspace.PlaysFor(host))
        {
            contexts[new DiffContext(play.Number, play.Title, null)] = new ResolutionContext(play, null, []);
            var names = play.Roles.SelectMany(r => RoleNames(workspace.Role(play, r))).Distinct(StringComparer.Ordinal);
            foreach (var name in names)
            {
                contexts[new DiffContext(play.Number, play.Title, name)] = Resolver.ChooseContext(workspace, host, play.Number, name);
            }
        }

        return contexts;
    }

    private static IEnumerable<string> RoleNames(RoleInstance role) => [role.Name, .. role.Dependencies.SelectMany(RoleNames)];

    private static IEnumerable<(VariableChange Change, ImmutableArray<ChainLink> BaseChain, ImmutableArray<ChainLink> HeadChain)> CompareContext(Resolution left, Resolution right)
    {
        if (RawSignature(left).SequenceEqual(RawSignature(right))) yield break;
        var leftValues = new ValueEvaluator(left, EvaluationOptions.Ansible214);
        var rightValues = new ValueEvaluator(right, EvaluationOptions.Ansible214);
        foreach (var name in left.Variables.Keys.Union(right.Variables.Keys).Where(n => !IsHostvars(left, n) && !IsHostvars(right, n)).Order(StringComparer.Ordinal))
        {
            var before = left.Variables.GetValueOrDefault(name);
            var after = right.Variables.GetValueOrDefault(name);
            var baseSide = Side(before, leftValues);
            var headSide = Side(after, rightValues);
            ChangeKind kind;
            if (baseSide.Value is null) kind = ChangeKind.Added;
            else if (headSide.Value is null) kind = ChangeKind.Removed;
            else if (baseSide.Value != headSide.Value || baseSide.Type != headSide.Type) kind = ChangeKind.ValueChanged;
            else if (Identity(before!.Winner) != Identity(after!.Winner)) kind = ChangeKind.SourceMoved;
            else continue;
            var stopped = before is not null && after is not null && Identity(before.Winner) != Identity(after.Winner)
                && after.Applied.Any(d => Identity(d) == Identity(before.Winner));
            var started = before is not null && after is not null && Identity(before.Winner) != Identity(after.Winner)
                && before.Applied.Any(d => Identity(d) == Identity(after.Winner));
            yield return (new VariableChange(name, kind, baseSide, headSide, stopped, started), Chain(before), Chain(after));
        }
    }

    /// <summary>Equal signatures mean equal raw variables and winners, so nothing evaluates differently.</summary>
    private static IEnumerable<string> RawSignature(Resolution resolution) =>
        resolution.Variables.Values.Where(v => !IsHostvars(resolution, v.Name)).Select(static v => $"{v.Name}\0{Text(v.Value)}\0{v.Winner.Source.Level}\0{v.Winner.Source.Origin}\0{v.Winner.Assignment.Location}");

    /// <summary><c>hostvars</c>: the diff reports each host's changes for that host (<see cref="ResolvedVariable.IsOtherHostsView"/>).</summary>
    private static bool IsHostvars(Resolution resolution, string name) =>
        resolution.Variables.TryGetValue(name, out var variable) && variable.IsOtherHostsView;

    private static DiffSide Side(ResolvedVariable? variable, ValueEvaluator evaluator)
    {
        if (variable is null || evaluator.Variable(variable.Name) is not { } evaluated) return DiffSide.Undefined;
        string value;
        try
        {
            value = TextFormatter.EvaluatedText(evaluated, int.MaxValue);
        }
        catch (VarTraceException e)
        {
            value = $"<not printed: {e.Message}>";
        }

        var winner = variable.Winner;
        return new DiffSide(value, evaluated.IsKnown ? evaluated.Value!.PythonType : null, winner.Assignment.Location, winner.Source.Level, winner.Source.Origin);
    }

    /// <summary>A definition across revisions: lines may shift, the file, level and source stay.</summary>
    private static (PrecedenceLevel, string, string) Identity(AppliedDefinition definition) =>
        (definition.Source.Level, definition.Source.Origin, definition.Assignment.Location.File);

    private static ImmutableArray<ChainLink> Chain(ResolvedVariable? variable) =>
        variable is null ? [] : [.. variable.Applied.Select(static d => new ChainLink(d.Source.Level, d.Source.Origin, d.Assignment.Location, Text(d.Assignment.Value, 40)))];

    private static string Text(AnsibleValue value, int maxLength = int.MaxValue)
    {
        try
        {
            return AnsibleValueJson.ToCompactString(value, maxLength);
        }
        catch (VarTraceException e)
        {
            return $"<not printed: {e.Message}>";
        }
    }

    /// <summary>True when the head's line at <paramref name="location"/> is new or modified; for a whole-file location (line 0), when any line of the file is.</summary>
    private static bool IsOnChangedLine(Workspace before, Workspace after, SourceLocation? location, Dictionary<string, IReadOnlySet<int>> cache)
    {
        if (location is not { Line: >= 0 } at || at.File.Length == 0 || !after.Files.FileExists(at.File)) return false;
        if (!cache.TryGetValue(at.File, out var lines))
        {
            // A file the head cannot decode (a finding of its own) has no lines; one the base could not decode is new as a whole.
            cache[at.File] = lines = TryReadText(after.Files, at.File) is { } newText ? ChangedLines.Find(TryReadText(before.Files, at.File), newText) : new HashSet<int>();
        }

        return at.Line == 0 ? lines.Count > 0 : lines.Contains(at.Line);
    }

    private static string? TryReadText(ProjectFiles files, string path)
    {
        try
        {
            return files.FileExists(path) ? files.ReadText(path) : null;
        }
        catch (VarTraceException)
        {
            return null;
        }
    }

    private sealed class Occurrences
    {
        public ImmutableArray<ChainLink> BaseChain { get; private set; } = [];

        public ImmutableArray<ChainLink> HeadChain { get; private set; } = [];

        public SortedDictionary<string, SortedSet<DiffContext>> Contexts { get; } = new(StringComparer.Ordinal);

        /// <summary>Keeps the first longest chains met, the most telling picture of the change.</summary>
        public void Offer(ImmutableArray<ChainLink> baseChain, ImmutableArray<ChainLink> headChain)
        {
            if (baseChain.Length + headChain.Length <= BaseChain.Length + HeadChain.Length) return;
            BaseChain = baseChain;
            HeadChain = headChain;
        }
    }
}
