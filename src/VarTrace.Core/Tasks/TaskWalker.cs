using System.Collections.Immutable;
using VarTrace.Core.Model;
using VarTrace.Core.Project;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Tasks;

/// <summary>
/// Lists the tasks of a play in the order ansible-core 2.14 runs them: <c>pre_tasks</c>, the roles of
/// <c>roles:</c> (each role's dependencies first, a role with the same params once per play unless it
/// allows duplicates), <c>tasks</c>, <c>post_tasks</c>, then <c>handlers</c>; blocks with their
/// <c>rescue</c>/<c>always</c>, and <c>import_tasks</c>/<c>include_tasks</c>/<c>import_role</c>/<c>include_role</c>
/// expanded in place after the task that includes them.
/// </summary>
public sealed class TaskWalker
{
    private const int MaxDepth = 64;

    /// <summary>Beyond this many tasks a play is not walked further (includes that multiply).</summary>
    private const int MaxTasks = 100_000;

    private static readonly string[] TaskFileExtensions = [".yml", ".yaml", ".json", ""];

    private readonly Workspace _workspace;
    private readonly Play _play;
    private readonly Func<string, PlayTask, string?> _renderPath;
    private readonly List<PlayTask> _tasks = [];
    private readonly List<RoleRun> _roleRuns = [];
    private bool _truncated;
    private readonly HashSet<string> _rolesRun = new(StringComparer.Ordinal);

    /// <param name="workspace">The checkout.</param>
    /// <param name="play">The play to walk.</param>
    /// <param name="renderPath">Renders a templated include path at the including task; null when it cannot be known.</param>
    public TaskWalker(Workspace workspace, Play play, Func<string, PlayTask, string?> renderPath)
    {
        _workspace = workspace;
        _play = play;
        _renderPath = renderPath;
    }

    /// <summary>The play's tasks in execution order, and where each role ran.</summary>
    public WalkedPlay Walk()
    {
        var root = new TaskScope(null, [], [], [], [], TaskSection.PreTasks);
        var playNode = _play.Node;
        if (playNode is null) return new WalkedPlay([], []);
        WalkSection(playNode, "pre_tasks", root);
        foreach (var reference in _play.Roles.Where(static r => r.Kind == RoleReferenceKind.PlayRoles))
        {
            var instance = _workspace.Role(_play, reference);
            WalkRole(instance, [], root with { Section = TaskSection.Roles, Conditions = Conditions(reference) }, tasksFrom: null, ImmutableStack<string>.Empty, depth: 0);
        }

        WalkSection(playNode, "tasks", root with { Section = TaskSection.Tasks });
        WalkSection(playNode, "post_tasks", root with { Section = TaskSection.PostTasks });
        if (playNode.Find("handlers") is { } handlers)
        {
            WalkSection(playNode, "handlers", root with { Section = TaskSection.Handlers, Conditions = [new TaskCondition("the handler is notified", handlers.Key.Start, IsRuntime: true)] });
        }
        return new WalkedPlay([.. _tasks], [.. _roleRuns]);
    }

    private void WalkSection(YamlMappingNode play, string key, TaskScope scope)
    {
        if (play.Find(key)?.Value is YamlSequenceNode list) WalkList(list, EndOf(play, key), scope, ImmutableStack<string>.Empty, depth: 0);
    }

    /// <summary>The last line of the value of <paramref name="key"/>: the line before the next key of the mapping.</summary>
    private static int EndOf(YamlMappingNode mapping, string key, int fallback = int.MaxValue)
    {
        var index = mapping.Entries.IndexOf(mapping.Find(key)!);
        var keyLine = mapping.Entries[index].Key.Start.Line;
        var next = mapping.Entries.Select(static e => e.Key.Start.Line).Where(line => line > keyLine).DefaultIfEmpty(0).Min();
        return next > 0 ? next - 1 : fallback;
    }

    private void WalkRole(RoleInstance role, ImmutableArray<RoleInstance> parents, TaskScope scope, string? tasksFrom, ImmutableStack<string> files, int depth)
    {
        var chain = parents.Add(role);
        var key = $"{role.Files.Directory}\0{tasksFrom}\0{Values.PythonRepr.Repr(new AnsibleDict([.. role.Reference.Params.Select(static p => new KeyValuePair<AnsibleValue, AnsibleValue>(new AnsibleString(p.Name), p.Value))]))}";
        if (!role.Files.AllowDuplicates && role.Reference.Kind is RoleReferenceKind.PlayRoles or RoleReferenceKind.Dependency && !_rolesRun.Add(key)) return;
        foreach (var dependency in role.Dependencies)
        {
            WalkRole(dependency, chain, scope with { Conditions = scope.Conditions.AddRange(Conditions(dependency.Reference)) }, tasksFrom: null, files, depth + 1);
        }

        var file = TaskFile(ProjectFiles.Combine(role.Files.Directory, "tasks"), tasksFrom ?? "main");
        if (file is null)
        {
            if (tasksFrom is not null) _workspace.Diagnostics.Add(new LoadDiagnostic(role.Reference.Location, $"tasks_from `{tasksFrom}` not found in `{role.Files.Directory}/tasks`"));
            return;
        }

        var entry = scope with { Role = role, Chain = chain };
        var first = _tasks.Count;
        WalkFile(file, entry, files, depth + 1, role.Reference.Location);
        _roleRuns.Add(new RoleRun(role, entry, first, _tasks.Count - 1));
    }

    private string? TaskFile(string directory, string name)
    {
        var found = VarsFiles.Find(_workspace.Files, directory, name, TaskFileExtensions, allowDirectory: false);
        return found.Count == 0 ? null : found[0];
    }

    private void WalkFile(string path, TaskScope scope, ImmutableStack<string> files, int depth, SourceLocation from)
    {
        if (files.Contains(path))
        {
            _workspace.Diagnostics.Add(new LoadDiagnostic(from, $"`{path}` includes itself (through {string.Join(" -> ", files.Reverse().Append(path))}); not followed again"));
            return;
        }

        if (depth > MaxDepth)
        {
            _workspace.Diagnostics.Add(new LoadDiagnostic(from, $"task includes nest more than {MaxDepth} deep; `{path}` is not read"));
            return;
        }

        if (_tasks.Count >= MaxTasks)
        {
            if (_truncated) return;
            _truncated = true;
            _workspace.Diagnostics.Add(new LoadDiagnostic(from, $"{_play.Title} has more than {MaxTasks} tasks after expanding includes; `{path}` and what follows are not read"));
            return;
        }

        var yaml = _workspace.Files.Parse(_workspace.Files.ReadText(path), path);
        if (yaml.Documents.IsEmpty || yaml.Documents[0] is YamlScalarNode { Value: AnsibleNull }) return;
        if (yaml.Documents[0] is not YamlSequenceNode list)
        {
            _workspace.Diagnostics.Add(new LoadDiagnostic(yaml.Documents[0].Start, "a task file must be a list of tasks; not read"));
            return;
        }

        WalkList(list, int.MaxValue, scope, files.Push(path), depth);
    }

    private void WalkList(YamlSequenceNode list, int lastLine, TaskScope scope, ImmutableStack<string> files, int depth)
    {
        for (var i = 0; i < list.Items.Length; i++)
        {
            var end = i + 1 < list.Items.Length ? list.Items[i + 1].Start.Line - 1 : lastLine;
            if (list.Items[i] is YamlMappingNode task) WalkTask(task, end, scope, files, depth);
        }
    }

    private void WalkTask(YamlMappingNode task, int lastLine, TaskScope scope, ImmutableStack<string> files, int depth)
    {
        var vars = ReadVars(task);
        var conditions = Conditions(task);
        if (task.Find("block") is not null)
        {
            var inner = scope with { Vars = scope.Vars.AddRange(vars), Conditions = scope.Conditions.AddRange(conditions) };
            foreach (var section in new[] { "block", "rescue", "always" })
            {
                if (task.Find(section)?.Value is not YamlSequenceNode list) continue;

                // rescue runs only when a task of the block failed.
                var sectionScope = section == "rescue"
                    ? inner with { Conditions = inner.Conditions.Add(new TaskCondition("a task of the block failed", task.Find(section)!.Key.Start, IsRuntime: true)) }
                    : inner;
                WalkList(list, EndOf(task, section, lastLine), sectionScope, files, depth + 1);
            }

            return;
        }

        var actionEntry = task.Entries.FirstOrDefault(static e => e.Key.Value is AnsibleString k && !TaskKeywords.IsKeyword(k.Value));
        if (actionEntry is null) return;
        var action = ((AnsibleString)actionEntry.Key.Value).Value;
        var arguments = actionEntry.Value;
        if (task.Find("args")?.Value is YamlMappingNode args && arguments is not YamlMappingNode) arguments = args;
        var playTask = new PlayTask(action, task, arguments, lastLine, scope, vars, conditions);
        _tasks.Add(playTask);
        switch (playTask.ShortAction)
        {
            case "import_tasks" or "include_tasks" or "include":
                WalkInclude(playTask, files, depth);
                break;
            case "import_role" or "include_role":
                WalkRoleTask(playTask, files, depth);
                break;
        }
    }

    private void WalkInclude(PlayTask include, ImmutableStack<string> files, int depth)
    {
        var written = include.Arguments switch
        {
            YamlScalarNode { Value: AnsibleString s } => s.Value,
            YamlMappingNode m => (m.Find("file") ?? m.Find("_raw_params"))?.Value.Value is AnsibleString f ? f.Value : null,
            _ => null,
        };
        if (written is null)
        {
            _workspace.Diagnostics.Add(new LoadDiagnostic(include.Location, $"{include.ShortAction} without a file name is not followed"));
            return;
        }

        var name = written;
        if (AnsibleValue.HasJinjaMarkup(written))
        {
            if (_renderPath(written, include) is not { } rendered)
            {
                _workspace.Diagnostics.Add(new LoadDiagnostic(include.Location, $"{include.ShortAction} `{written}` names a file that cannot be known statically; its tasks are not analysed"));
                return;
            }

            name = rendered;
        }

        var path = FindIncludedFile(name, include);
        if (path is null)
        {
            _workspace.Diagnostics.Add(new LoadDiagnostic(include.Location, $"{include.ShortAction} file `{name}` not found"));
            return;
        }

        var isDynamic = include.ShortAction != "import_tasks";
        var scope = include.Scope with
        {
            Vars = include.AllVars,
            IncludeParams = isDynamic ? include.Scope.IncludeParams.AddRange(include.OwnVars) : include.Scope.IncludeParams,
            Conditions = include.AllConditions,
        };
        WalkFile(path, scope, files, depth + 1, include.Location);
    }

    /// <summary>Included task files are looked up in the role's <c>tasks/</c>, then beside the including file, then in the playbook's directory.</summary>
    private string? FindIncludedFile(string name, PlayTask include)
    {
        if (name.StartsWith('/')) return null;
        var candidates = new List<string>();
        if (include.Scope.Role is { } role) candidates.Add(ProjectFiles.Combine(ProjectFiles.Combine(role.Files.Directory, "tasks"), name));
        candidates.Add(ProjectFiles.Combine(ProjectFiles.DirectoryOf(include.Location.File), name));
        candidates.Add(ProjectFiles.Combine(_play.PlaybookDirectory, name));
        return candidates.FirstOrDefault(_workspace.Files.FileExists);
    }

    private void WalkRoleTask(PlayTask task, ImmutableStack<string> files, int depth)
    {
        if (task.Arguments is not YamlMappingNode arguments || arguments.Find("name")?.Value.Value is not AnsibleString name || AnsibleValue.HasJinjaMarkup(name.Value))
        {
            _workspace.Diagnostics.Add(new LoadDiagnostic(task.Location, $"{task.ShortAction} without a static `name:` is not followed"));
            return;
        }

        var isImport = task.ShortAction == "import_role";
        var isPublic = arguments.Find("public")?.Value.Value is AnsibleBool { Value: true };
        var reference = new RoleReference(
            name.Value,
            task.Location,
            [],
            task.OwnVars,
            [],
            arguments.Find("defaults_from")?.Value.Value is AnsibleString d ? d.Value : null,
            arguments.Find("vars_from")?.Value.Value is AnsibleString v ? v.Value : null,
            isImport ? RoleReferenceKind.ImportRole : isPublic ? RoleReferenceKind.IncludeRolePublic : RoleReferenceKind.IncludeRolePrivate);
        RoleInstance instance;
        try
        {
            instance = _workspace.Role(_play, _play.Roles.FirstOrDefault(r => r.Location == task.Location) ?? reference);
        }
        catch (VarTraceException e)
        {
            _workspace.Diagnostics.Add(new LoadDiagnostic(e.Location ?? task.Location, e.Message));
            return;
        }

        // include_role's vars are include params of its tasks, with the parent role's params (role_include.py).
        var includeParams = isImport ? task.Scope.IncludeParams : task.Scope.IncludeParams.AddRange(task.OwnVars).AddRange(task.Scope.Role?.Reference.Params ?? []);
        var scope = task.Scope with { Vars = task.AllVars, IncludeParams = includeParams, Conditions = task.AllConditions };
        var tasksFrom = arguments.Find("tasks_from")?.Value.Value is AnsibleString t ? t.Value : null;
        WalkRole(instance, task.Scope.Chain, scope, tasksFrom, files, depth + 1);
    }

    private static ImmutableArray<Assignment> ReadVars(YamlMappingNode task) =>
        task.Find("vars")?.Value is YamlMappingNode mapping ? VarsFiles.ToAssignments(mapping) : [];

    /// <summary>The <c>when:</c> of a task, block or include.</summary>
    public static ImmutableArray<TaskCondition> Conditions(YamlMappingNode node) => node.Find("when")?.Value switch
    {
        null => [],
        YamlSequenceNode sequence => [.. sequence.Items.OfType<YamlScalarNode>().Select(Condition)],
        YamlScalarNode scalar => [Condition(scalar)],
        _ => [],
    };

    // conditional.py: a YAML boolean is used as is.
    private static TaskCondition Condition(YamlScalarNode node) =>
        new(node.Value is AnsibleBool b ? (b.Value ? "True" : "False") : node.Text, node.Start);

    private static ImmutableArray<TaskCondition> Conditions(RoleReference reference) =>
        [.. reference.When.Select(w => new TaskCondition(w, reference.Location))];
}

/// <summary>A play's tasks in execution order, and where each role's own tasks ran.</summary>
/// <param name="Tasks">The tasks.</param>
/// <param name="RoleRuns">Each run of a role's task file, in the order they finished.</param>
public sealed record WalkedPlay(ImmutableArray<PlayTask> Tasks, ImmutableArray<RoleRun> RoleRuns);

/// <summary>One run of a role's tasks (its dependencies ran before <paramref name="First"/>).</summary>
/// <param name="Role">The role.</param>
/// <param name="Scope">What its tasks inherit at the top of its task file (include params, include vars, conditions).</param>
/// <param name="First">Index of its first task.</param>
/// <param name="Last">Index of its last task (before <paramref name="First"/> when it has none).</param>
public sealed record RoleRun(RoleInstance Role, TaskScope Scope, int First, int Last);
