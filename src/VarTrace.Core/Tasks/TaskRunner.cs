using System.Collections.Immutable;
using System.Text.RegularExpressions;
using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;
using VarTrace.Core.Values;

namespace VarTrace.Core.Tasks;

/// <summary>
/// Follows a playbook run statically, task by task, host by host (the linear strategy: every host
/// finishes a task before the next starts), recording what <c>include_vars</c>, <c>set_fact</c> and
/// <c>register</c> write to each host. Conditions are evaluated in each host's context at the task;
/// where one cannot be decided, the variable afterwards is an unknown holding both alternatives.
/// </summary>
public sealed partial class TaskRunner
{
    private readonly Workspace _workspace;
    private readonly Dictionary<int, WalkedPlay> _walked = [];

    // State after the last task of each play, and, within the play being followed, after each task.
    private readonly Dictionary<int, RuntimeState> _afterPlay = [];
    private readonly Dictionary<(int Play, int Task), RuntimeState> _afterTask = [];

    // Every name a task has written to some host so far, and, while a task's write is computed for
    // a host, the names it reads.
    private readonly HashSet<string> _writtenNames = new(StringComparer.Ordinal);
    private ReadLog? _reads;

    /// <summary>Creates a runner over a loaded checkout.</summary>
    public TaskRunner(Workspace workspace) => _workspace = workspace;

    /// <summary>
    /// Picks the context of a query. With <paramref name="at"/> (<c>FILE:LINE</c>) the task holding
    /// that line: variables as that task sees them, after its own writes. A line of a block's
    /// <c>vars:</c> or <c>when:</c> is seen by the block's first task, a play's own line at the end
    /// of that play. A line of a file that holds no tasks is seen where its definitions matter: a
    /// role's defaults, vars or templates inside that role (as <paramref name="roleName"/> would
    /// give), anything else (group_vars, host_vars, vars_files, the inventory) at play level.
    /// Without <paramref name="at"/>, the end of the play (with <paramref name="roleName"/>: the
    /// end of that role's tasks), after everything the host's tasks wrote up to there.
    /// </summary>
    /// <param name="host">The inventory host.</param>
    /// <param name="playNumber">The 1-based play, or null for the first play targeting the host.</param>
    /// <param name="roleName">The role, or null for play level (ignored with <paramref name="at"/>).</param>
    /// <param name="at"><c>FILE:LINE</c>, the file absolute or relative to <paramref name="currentDirectory"/>
    /// (to the project root when that is null).</param>
    /// <param name="currentDirectory">The directory a relative <paramref name="at"/> file is relative to.</param>
    /// <exception cref="VarTraceException">The host, play, role or line does not exist or does not fit.</exception>
    public ResolutionContext ChooseContext(string host, int? playNumber, string? roleName, string? at, string? currentDirectory = null)
    {
        if (at is null)
        {
            var context = Resolver.ChooseContext(_workspace, host, playNumber, roleName);
            if (context.Play is not { } play) return context;
            if (context.Role is { } role)
            {
                // The end of the role's first run, seen from the top of its task file.
                var run = Walk(play).RoleRuns.FirstOrDefault(r => r.Role.Files.Directory == role.Files.Directory);
                if (run is null) return context with { Runtime = StateAfter(play, -1) };
                return AtEndOf(play, run);
            }

            return AtEndOf(play);
        }

        var (file, line) = FileLine.Parse(at, _workspace.Files, currentDirectory ?? _workspace.Files.Root);
        foreach (var play in CandidatePlays(host, playNumber))
        {
            var tasks = Tasks(play);
            var index = FindTask(tasks, file, line);
            if (index >= 0) return AtTask(play, index);
        }

        if (_workspace.Files.FileExists(file) && Checks.Scanning.ProjectScanner.KindOfFile(_workspace, file) != Checks.Scanning.ScannedFileKind.Tasks)
        {
            return OutsideTasks(host, playNumber, file, at);
        }

        foreach (var play in CandidatePlays(host, playNumber))
        {
            var index = FindBlockLine(Tasks(play), file, line);
            if (index >= 0) return AtTask(play, index);
            if (HoldsPlayLine(play, file, line)) return AtEndOf(play);
        }

        throw new VarTraceException(null, $"--at {at}: no task at that line in {(playNumber is { } n ? $"play {n}" : $"a play of `{_workspace.Playbook}` that targets host `{host}`")}");
    }

    private ResolutionContext AtTask(Play play, int index)
    {
        var task = Tasks(play)[index];
        return new ResolutionContext(play, task.Scope.Role, task.Scope.Chain) { Task = task, Scope = task.Scope, Runtime = StateAfter(play, index) };
    }

    private ResolutionContext AtEndOf(Play play) => new(play, null, []) { Runtime = StateAfter(play, Tasks(play).Length - 1) };

    private ResolutionContext AtEndOf(Play play, RoleRun run) =>
        new(play, run.Role, run.Scope.Chain) { Scope = run.Scope, Runtime = StateAfter(play, run.Last) };

    /// <summary>
    /// The context of a line in a file without tasks: inside the role whose directory holds it (the
    /// innermost, for nested roles), at the end of its first run in the first play that runs it;
    /// otherwise play level, as without <c>--at</c>.
    /// </summary>
    private ResolutionContext OutsideTasks(string host, int? playNumber, string file, string at)
    {
        RoleRun? best = null;
        Play? bestPlay = null;
        foreach (var play in CandidatePlays(host, playNumber))
        {
            foreach (var run in Walk(play).RoleRuns)
            {
                var directory = run.Role.Files.Directory;
                if (!file.StartsWith(directory + "/", StringComparison.Ordinal) || (best is not null && directory.Length <= best.Role.Files.Directory.Length)) continue;
                best = run;
                bestPlay = play;
            }
        }

        var roleDirectory = RoleDirectoryOf(file);
        if (best is not null && (roleDirectory is null || best.Role.Files.Directory.Length >= roleDirectory.Length)) return AtEndOf(bestPlay!, best);
        if (roleDirectory is not null)
        {
            throw new VarTraceException(null, $"--at {at}: the role at `{roleDirectory}` runs in no {(playNumber is { } n ? $"task of play {n}" : $"play of `{_workspace.Playbook}` that targets host `{host}`")}");
        }

        return ChooseContext(host, playNumber, null, null);
    }

    /// <summary>The role directory of a role's defaults, vars or templates file (<c>.../roles/R/defaults/main.yml</c>), if it is one.</summary>
    private static string? RoleDirectoryOf(string file)
    {
        var segments = file.Split('/');
        for (var i = segments.Length - 2; i >= 2; i--)
        {
            if (segments[i] is "defaults" or "vars" or "templates" && Array.LastIndexOf(segments, "roles", i - 2) >= 0) return string.Join('/', segments[..i]);
        }

        return null;
    }

    /// <summary>The first task whose enclosing block's <c>vars:</c> or <c>when:</c> is written on the line.</summary>
    private static int FindBlockLine(ImmutableArray<PlayTask> tasks, string file, int line)
    {
        for (var i = 0; i < tasks.Length; i++)
        {
            var scope = tasks[i].Scope;
            if (scope.Vars.Any(v => v.Location.File == file && v.Location.Line == line) || scope.Conditions.Any(c => c.Location.File == file && c.Location.Line == line)) return i;
        }

        return -1;
    }

    /// <summary>True when the line lies in the play's own mapping in its playbook (before the next play of that file).</summary>
    private bool HoldsPlayLine(Play play, string file, int line)
    {
        if (play.Location.File != file || play.Location.Line > line) return false;
        return !_workspace.Plays.Any(other => other.Location.File == file && other.Location.Line > play.Location.Line && other.Location.Line <= line);
    }

    /// <summary>The tasks of a play in execution order (walked once).</summary>
    public ImmutableArray<PlayTask> Tasks(Play play) => Walk(play).Tasks;

    private WalkedPlay Walk(Play play)
    {
        if (_walked.TryGetValue(play.Number, out var cached)) return cached;
        var walked = new TaskWalker(_workspace, play, (path, task) => RenderIncludePath(play, path, task)).Walk();
        _walked[play.Number] = walked;
        return walked;
    }

    private IEnumerable<Play> CandidatePlays(string host, int? playNumber)
    {
        if (playNumber is { } number)
        {
            Resolver.ChooseContext(_workspace, host, number, null);
            return [_workspace.Plays[number - 1]];
        }

        return _workspace.PlaysFor(host);
    }

    /// <summary>The innermost task of <paramref name="file"/> whose lines hold <paramref name="line"/>.</summary>
    private static int FindTask(ImmutableArray<PlayTask> tasks, string file, int line)
    {
        var best = -1;
        for (var i = 0; i < tasks.Length; i++)
        {
            var task = tasks[i];
            if (task.Location.File != file || task.Location.Line > line || task.LastLine < line) continue;
            if (best < 0 || task.Location.Line > tasks[best].Location.Line) best = i;
        }

        return best;
    }

    /// <summary>The state after task <paramref name="index"/> of <paramref name="play"/> (-1: before its first task).</summary>
    private RuntimeState StateAfter(Play play, int index)
    {
        if (_afterTask.TryGetValue((play.Number, index), out var cached)) return cached;
        var state = play.Number == 1 ? RuntimeState.Empty : EndOfPlay(_workspace.Plays[play.Number - 2]);
        var tasks = Tasks(play);
        _afterTask[(play.Number, -1)] = state;
        for (var i = 0; i <= index && i < tasks.Length; i++)
        {
            if (_afterTask.TryGetValue((play.Number, i), out var known))
            {
                state = known;
                continue;
            }

            state = Run(play, tasks[i], state);
            _afterTask[(play.Number, i)] = state;
        }

        return state;
    }

    private RuntimeState EndOfPlay(Play play)
    {
        if (_afterPlay.TryGetValue(play.Number, out var cached)) return cached;
        var state = StateAfter(play, Tasks(play).Length - 1);
        _afterPlay[play.Number] = state;
        return state;
    }

    /// <summary>Runs one task on every host of the play, then applies what it wrote.</summary>
    private RuntimeState Run(Play play, PlayTask task, RuntimeState state)
    {
        var action = task.ShortAction;
        var writesFacts = action is "set_fact" or "include_vars";
        if (!writesFacts && task.Register is null) return state;
        var hosts = _workspace.HostsOf(play);
        if (hosts.Count == 0) return state;

        // The result is registered even when the task is skipped; only the run knows its content.
        TaskWrite? registered = null;
        if (task.Register is { } register)
        {
            var unknown = new AnsibleUnknown($"the runtime result of `{task.Action}` at {task.Location}");
            registered = new TaskWrite(PrecedenceLevel.SetFact, $"`register: {register}` of {task.Describe()}", task, [new Assignment(register, unknown, task.Node.Find("register")!.Value.Start)], ImmutableDictionary<string, TaskEvaluation>.Empty);
        }

        var writes = new List<(string Host, TaskWrite Write)>();
        var computed = new List<ComputedWrite>();
        foreach (var host in task.RunOnce ? hosts.Take(1) : hosts)
        {
            var targets = task.RunOnce ? hosts : [host];
            if (writesFacts && WriteOf(play, task, host, state, computed) is { } write)
            {
                var factTargets = DelegatedTarget(play, task, host, state) is { } delegated ? [delegated] : targets;
                foreach (var target in factTargets) writes.Add((target, write));
            }

            if (registered is not null)
            {
                foreach (var target in targets) writes.Add((target, registered));
            }
        }

        foreach (var (_, write) in writes)
        {
            foreach (var assignment in write.Assignments) _writtenNames.Add(assignment.Name);
        }

        return state.With(writes);
    }

    /// <summary>
    /// What a set_fact or include_vars task writes to <paramref name="host"/>: the write computed
    /// for an earlier host when both agree on every variable it read (<see cref="HostLayers"/>),
    /// which makes it the same computation; otherwise computed for this host and remembered.
    /// </summary>
    private TaskWrite? WriteOf(Play play, PlayTask task, string host, RuntimeState state, List<ComputedWrite> computed)
    {
        var layers = task.DelegateFacts ? null : Resolver.Layers(_workspace, host, TaskContext(play, task, state, []), _writtenNames);
        if (layers is not null)
        {
            foreach (var earlier in computed)
            {
                if (earlier.Reads.All(name => layers.AgreeOn(earlier.Layers, name))) return earlier.Write;
            }
        }

        var reads = new ReadLog();
        _reads = reads;
        TaskWrite? write;
        try
        {
            write = FactsFor(play, task, host, state);
        }
        finally
        {
            _reads = null;
        }

        if (layers is not null && !reads.Everything && computed.Count < MaxComputedWritesPerTask) computed.Add(new ComputedWrite(reads.Names, layers, write));
        return write;
    }

    // Hosts that disagree on what a task reads (a per-host variable) each compute their own write;
    // comparing against more earlier hosts would cost more than computing.
    private const int MaxComputedWritesPerTask = 8;

    /// <summary>A task's write for one host, what it read, and that host's own layers.</summary>
    private sealed record ComputedWrite(IReadOnlySet<string> Reads, HostLayers Layers, TaskWrite? Write);

    private string? DelegatedTarget(Play play, PlayTask task, string host, RuntimeState state)
    {
        if (!task.DelegateFacts || task.DelegateTo is not { } delegateTo) return null;
        var evaluated = Evaluator(play, task, host, state, []).Value(delegateTo);
        if (evaluated is { IsKnown: true, Value: AnsibleString name } && _workspace.Inventory.Hosts.ContainsKey(name.Value)) return name.Value;
        _workspace.Diagnostics.Add(new LoadDiagnostic(task.Location, "delegate_to with delegate_facts names a host that cannot be known statically; its facts are given to the task's own host"));
        return null;
    }

    private ValueEvaluator Evaluator(Play play, PlayTask task, string host, RuntimeState state, ImmutableArray<Assignment> loopVars)
    {
        var resolution = Resolver.Resolve(_workspace, host, TaskContext(play, task, state, loopVars));
        resolution.Variables.Reads = _reads;
        return new ValueEvaluator(resolution, EvaluationOptions.Ansible214);
    }

    /// <summary>Where a task's arguments are templated: its play, role, scope, and what earlier tasks wrote.</summary>
    private static ResolutionContext TaskContext(Play play, PlayTask task, RuntimeState state, ImmutableArray<Assignment> loopVars) =>
        new(play, task.Scope.Role, task.Scope.Chain) { Task = task, Scope = task.Scope, Runtime = state, LoopVars = loopVars };

    /// <summary>What a set_fact or include_vars task writes to <paramref name="host"/>, or null when it writes nothing.</summary>
    private TaskWrite? FactsFor(Play play, PlayTask task, string host, RuntimeState state)
    {
        var before = Evaluator(play, task, host, state, []);
        var iterations = LoopItems(task, before);
        if (iterations is null)
        {
            var names = DefinedNames(task);
            if (names.IsEmpty) return null;
            var cause = $"the loop of {task.Describe()} cannot be known statically";
            return new TaskWrite(Level(task), Origin(task), task, [.. names.Select(n => new Assignment(n, new AnsibleUnknown(cause), task.Location))], ImmutableDictionary<string, TaskEvaluation>.Empty);
        }

        var assignments = new List<Assignment>();
        var evaluations = ImmutableDictionary.CreateBuilder<string, TaskEvaluation>(StringComparer.Ordinal);
        var current = state;
        foreach (var loopVars in iterations)
        {
            // Each iteration sees what the iterations before it wrote (the usual `x: "{{ x + [item] }}"` accumulates).
            var evaluator = loopVars.IsEmpty ? before : Evaluator(play, task, host, current, loopVars);
            var (decided, undecided) = Decide(task, evaluator);
            if (decided == false) continue;
            var written = task.ShortAction == "set_fact" ? SetFact(task, evaluator, evaluations) : IncludeVars(task, evaluator);
            var iteration = new List<Assignment>();
            foreach (var assignment in written)
            {
                var value = undecided is null ? assignment.Value : Either(evaluator, assignment, undecided, task);
                assignments.RemoveAll(a => a.Name == assignment.Name);
                assignments.Add(assignment with { Value = value });
                iteration.Add(assignment with { Value = value });
            }

            if (iteration.Count > 0) current = current.With(host, new TaskWrite(Level(task), Origin(task), task, [.. iteration], ImmutableDictionary<string, TaskEvaluation>.Empty));
        }

        return assignments.Count == 0 ? null : new TaskWrite(Level(task), Origin(task), task, [.. assignments], evaluations.ToImmutable());
    }

    private static PrecedenceLevel Level(PlayTask task) => task.ShortAction == "include_vars" ? PrecedenceLevel.IncludeVars : PrecedenceLevel.SetFact;

    private static string Origin(PlayTask task) => $"`{task.ShortAction}` of {task.Describe()}";

    /// <summary>
    /// The task's conditions in the context: false when one is statically false; true, or the first
    /// condition that cannot be decided (Ansible evaluates them in order and stops at the first false).
    /// </summary>
    private static (bool? Decided, TaskCondition? Undecided) Decide(PlayTask task, ValueEvaluator evaluator)
    {
        TaskCondition? undecided = null;
        foreach (var condition in task.AllConditions)
        {
            var result = condition.IsRuntime ? null : Condition(evaluator, condition.Expression);
            if (result == false) return undecided is null ? (false, null) : (null, undecided);
            if (result is null) undecided ??= condition;
        }

        return undecided is null ? (true, null) : (null, undecided);
    }

    /// <summary><c>Conditional._check_conditional</c>: renders <c>{% if C %} True {% else %} False {% endif %}</c>.</summary>
    private static bool? Condition(ValueEvaluator evaluator, string expression)
    {
        var result = evaluator.Expression($"{{% if {expression} %}} True {{% else %}} False {{% endif %}}", withTrace: false);
        return result is { IsKnown: true, Value: AnsibleString s } ? s.Value.Trim() switch { "True" => true, "False" => false, _ => null } : null;
    }

    /// <summary>The value after a write guarded by a condition that cannot be decided: the old value or the new one.</summary>
    private static AnsibleValue Either(ValueEvaluator before, Assignment written, TaskCondition condition, PlayTask task)
    {
        var previous = before.Variable(written.Name);
        var next = written.Value.IsTemplated ? before.Value(written.Value).Value ?? written.Value : written.Value;
        var possible = new List<AnsibleValue>();
        string previousText;
        if (previous is null)
        {
            previousText = "undefined";
        }
        else if (previous.Value is AnsibleUnknown { PossibleValues.IsEmpty: false } earlier)
        {
            possible.AddRange(earlier.PossibleValues);
            previousText = earlier.Cause;
        }
        else if (previous is { IsKnown: true, Value: { } value })
        {
            possible.Add(value);
            previousText = PythonRepr.Repr(value);
        }
        else
        {
            previousText = previous.Error ?? previous.UnknownCause ?? "unknown";
        }

        var origin = before.Resolution.Variables.TryGetValue(written.Name, out var resolved)
            ? $" (from {resolved.Winner.Source.Origin} at {resolved.Winner.Assignment.Location})"
            : string.Empty;
        if (next is not AnsibleUnknown) possible.Add(next);
        var nextText = next is AnsibleUnknown u ? u.Cause : PythonRepr.Repr(next);
        var cause = $"either {previousText}{origin} or {nextText} (if `{condition.Expression}`, set at {task.Location})";
        if (previous is null) return new AnsibleUnknown(cause, next is AnsibleUnknown ? [] : [next]) { MayBeUndefined = true };
        return possible.Count < 2 ? new AnsibleUnknown(cause) : new AnsibleUnknown(cause, [.. possible]);
    }

    /// <summary>The names a set_fact or include_vars task may define, for when its loop is unknown.</summary>
    private static ImmutableArray<string> DefinedNames(PlayTask task) =>
        task.ShortAction == "set_fact"
            ? [.. SetFactArguments(task).Select(static a => a.Name).Where(static n => n != "cacheable")]
            : task.Arguments is Yaml.YamlMappingNode m && m.Find("name")?.Value.Value is AnsibleString name ? [name.Value] : [];

    private static IEnumerable<Assignment> SetFactArguments(PlayTask task)
    {
        switch (task.Arguments)
        {
            case Yaml.YamlMappingNode mapping:
                foreach (var entry in mapping.Entries)
                {
                    if (entry.Key.Value is AnsibleString key) yield return new Assignment(key.Value, entry.Value.Value, entry.Key.Start);
                }

                break;
            case Yaml.YamlScalarNode { Value: AnsibleString text } node:
                // k=v form (parse_kv): every value is a string.
                foreach (Match match in KeyValue().Matches(text.Value))
                {
                    var value = match.Groups[2].Value;
                    if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0]) value = value[1..^1];
                    yield return new Assignment(match.Groups[1].Value, new AnsibleString(value), node.Start);
                }

                break;
        }
    }

    /// <summary>
    /// <c>set_fact</c> (2.14 plugins/action/set_fact.py): each value templated at the task; a string
    /// that reads as a boolean (<c>yes</c>, <c>no</c>, <c>true</c>, <c>false</c>) becomes one.
    /// </summary>
    private static List<Assignment> SetFact(PlayTask task, ValueEvaluator evaluator, ImmutableDictionary<string, TaskEvaluation>.Builder evaluations)
    {
        var written = new List<Assignment>();
        foreach (var argument in SetFactArguments(task))
        {
            if (argument.Name == "cacheable") continue;
            var evaluated = evaluator.Value(argument.Value, withTrace: true);
            evaluations[argument.Name] = new TaskEvaluation(task, argument.Value, evaluated);
            AnsibleValue value = evaluated switch
            {
                { Error: { } error } => new AnsibleUnknown($"{task.Describe()} fails: {error}"),
                { Value: AnsibleString s } when s.Value.ToLowerInvariant() is "true" or "yes" => AnsibleBool.True,
                { Value: AnsibleString s } when s.Value.ToLowerInvariant() is "false" or "no" => AnsibleBool.False,
                { Value: { } v } => v,
                _ => new AnsibleUnknown($"{task.Describe()} gives no value"),
            };
            written.Add(argument with { Value = value });
        }

        return written;
    }

    [GeneratedRegex("""([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)""")]
    private static partial Regex KeyValue();
}
