using System.Collections.Frozen;
using System.Collections.Immutable;
using VarTrace.Core.Model;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Checks.Scanning;

/// <summary>A condition a task is guarded by, as written, with where it stands.</summary>
/// <param name="Expression">The condition (a bare Jinja expression, or a template with braces).</param>
/// <param name="Location">Where it is written.</param>
public sealed record GuardCondition(string Expression, SourceLocation Location);

/// <summary>
/// An <c>assert</c> or <c>fail</c> task that a context runs: the checks kubespray (and any project)
/// writes to stop a deploy before it does harm.
/// </summary>
/// <param name="IsAssert">True for <c>assert</c>, false for <c>fail</c>.</param>
/// <param name="Name">The task's <c>name:</c>, if any.</param>
/// <param name="Location">Where the task starts.</param>
/// <param name="That">The assert's <c>that:</c> items in order (empty for <c>fail</c>).</param>
/// <param name="Message">The message Ansible prints on failure as written (<c>fail_msg</c>, else <c>msg</c>), or null.</param>
/// <param name="Conditions">Every <c>when:</c> guarding the task, outermost first: role entries, imports and includes, blocks, the task's own.</param>
/// <param name="RunOnce">True with <c>run_once: true</c>: only the first host of the batch runs it.</param>
public sealed record GuardTask(bool IsAssert, string? Name, SourceLocation Location, ImmutableArray<GuardCondition> That, string? Message, ImmutableArray<GuardCondition> Conditions, bool RunOnce)
{
    /// <summary>"assert `Stop if ...`" for messages.</summary>
    public string Describe() => (IsAssert ? "assert" : "`fail` task") + (Name is null ? string.Empty : $" `{Name}`");
}

/// <summary>
/// Finds the <c>assert</c> and <c>fail</c> tasks a role or play runs, following <c>block</c>s and
/// <c>import_tasks</c>/<c>include_tasks</c> with literal file names from the role's
/// <c>tasks/main.yml</c> (or the play's task lists), and collecting every <c>when:</c> on the way.
/// Statically: a templated include name, <c>rescue</c> (which runs only after a failure) and tasks
/// with <c>ignore_errors</c> or <c>failed_when</c> (which do not stop the run as written) are left out.
/// </summary>
public static class GuardTasks
{
    private static readonly FrozenSet<string> AssertActions = FrozenSet.Create(StringComparer.Ordinal, "assert", "ansible.builtin.assert", "ansible.legacy.assert");

    private static readonly FrozenSet<string> FailActions = FrozenSet.Create(StringComparer.Ordinal, "fail", "ansible.builtin.fail", "ansible.legacy.fail");

    private static readonly FrozenSet<string> IncludeActions = FrozenSet.Create(StringComparer.Ordinal, "import_tasks", "include_tasks", "include", "ansible.builtin.import_tasks", "ansible.builtin.include_tasks", "ansible.builtin.include", "ansible.legacy.import_tasks", "ansible.legacy.include_tasks");

    /// <summary>The guard tasks of a role's <c>tasks/main.yml</c> and what it includes.</summary>
    /// <param name="files">The scanned files by path.</param>
    /// <param name="roleDirectory">The role's directory.</param>
    /// <param name="inherited">The role entries' conditions (the dependency chain's, outermost first).</param>
    public static ImmutableArray<GuardTask> OfRole(IReadOnlyDictionary<string, ScannedFile> files, string roleDirectory, ImmutableArray<GuardCondition> inherited)
    {
        var tasksDirectory = roleDirectory + "/tasks";
        var main = ((string[])["main.yml", "main.yaml", "main"]).Select(n => $"{tasksDirectory}/{n}").FirstOrDefault(files.ContainsKey);
        var found = ImmutableArray.CreateBuilder<GuardTask>();
        if (main is not null) new Walker(files, tasksDirectory, found).File(main, inherited, []);
        return found.ToImmutable();
    }

    /// <summary>The guard tasks of the play starting at <paramref name="play"/> (its pre_tasks, tasks and post_tasks).</summary>
    public static ImmutableArray<GuardTask> OfPlay(IReadOnlyDictionary<string, ScannedFile> files, SourceLocation play)
    {
        var found = ImmutableArray.CreateBuilder<GuardTask>();
        if (!files.TryGetValue(play.File, out var playbook) || playbook.Yaml is null) return [];
        var mapping = playbook.Yaml.Documents.OfType<YamlSequenceNode>().SelectMany(static d => d.Items).OfType<YamlMappingNode>().FirstOrDefault(m => m.Start == play);
        if (mapping is null) return [];
        var directory = play.File.Contains('/', StringComparison.Ordinal) ? play.File[..play.File.LastIndexOf('/')] : string.Empty;
        var walker = new Walker(files, directory, found);
        foreach (var section in (string[])["pre_tasks", "tasks", "post_tasks"])
        {
            if (mapping.Find(section)?.Value is YamlSequenceNode tasks) walker.Tasks(tasks, play.File, [], [play.File]);
        }

        return found.ToImmutable();
    }

    /// <summary>The <c>when:</c> of a task, block or role entry: one condition per list item.</summary>
    public static ImmutableArray<GuardCondition> When(YamlMappingNode node) => node.Find("when")?.Value switch
    {
        YamlSequenceNode list => [.. list.Items.Where(static i => i.Value is AnsibleString or AnsibleBool).Select(Condition)],
        YamlScalarNode scalar when scalar.Value is AnsibleString or AnsibleBool => [Condition(scalar)],
        _ => [],
    };

    private static GuardCondition Condition(YamlNode node) =>
        new(node.Value switch { AnsibleBool b => b.Value ? "True" : "False", AnsibleString s => s.Value, _ => string.Empty }, node.Start);

    private sealed class Walker(IReadOnlyDictionary<string, ScannedFile> files, string baseDirectory, ImmutableArray<GuardTask>.Builder found)
    {
        public void File(string path, ImmutableArray<GuardCondition> conditions, ImmutableArray<string> including)
        {
            if (including.Contains(path) || !files.TryGetValue(path, out var file) || file.Yaml is null) return;
            foreach (var document in file.Yaml.Documents)
            {
                if (document is YamlSequenceNode tasks) Tasks(tasks, path, conditions, including.Add(path));
            }
        }

        public void Tasks(YamlSequenceNode tasks, string path, ImmutableArray<GuardCondition> conditions, ImmutableArray<string> including)
        {
            foreach (var task in tasks.Items.OfType<YamlMappingNode>()) Task(task, path, conditions, including);
        }

        private void Task(YamlMappingNode task, string path, ImmutableArray<GuardCondition> conditions, ImmutableArray<string> including)
        {
            var guarded = conditions.AddRange(When(task));
            if (task.Find("block")?.Value is YamlSequenceNode block)
            {
                Tasks(block, path, guarded, including);
                if (task.Find("always")?.Value is YamlSequenceNode always) Tasks(always, path, guarded, including);
                return;
            }

            if (task.Find("ignore_errors")?.Value.Value is not null and not AnsibleBool { Value: false } || task.Find("failed_when") is not null) return;
            foreach (var entry in task.Entries)
            {
                if (entry.Key.Value is not AnsibleString { Value: var action }) continue;
                if (IncludeActions.Contains(action))
                {
                    if (IncludedFile(entry.Value) is { } name && Resolve(name, path) is { } included) File(included, guarded, including);
                    return;
                }

                if (AssertActions.Contains(action) && entry.Value is YamlMappingNode args)
                {
                    var that = args.Find("that")?.Value switch
                    {
                        YamlSequenceNode list => list.Items.Select(Condition).ToImmutableArray(),
                        { } single => [Condition(single)],
                        null => ImmutableArray<GuardCondition>.Empty,
                    };
                    if (that.IsEmpty) return;
                    found.Add(new GuardTask(true, Name(task), task.Start, that, Text(args.Find("fail_msg") ?? args.Find("msg")), guarded, RunOnce(task)));
                    return;
                }

                if (FailActions.Contains(action))
                {
                    var message = entry.Value is YamlMappingNode failArgs ? Text(failArgs.Find("msg")) : null;
                    found.Add(new GuardTask(false, Name(task), task.Start, [], message, guarded, RunOnce(task)));
                    return;
                }
            }
        }

        /// <summary>The file name of <c>import_tasks: x.yml</c> or <c>include_tasks: {file: x.yml}</c>, unless templated.</summary>
        private static string? IncludedFile(YamlNode argument)
        {
            var name = argument switch
            {
                YamlScalarNode { Value: AnsibleString s } => s.Value,
                YamlMappingNode args when args.Find("file")?.Value.Value is AnsibleString s => s.Value,
                _ => null,
            };
            return name is null || AnsibleValue.HasJinjaMarkup(name) ? null : name.Trim();
        }

        /// <summary>Ansible looks for an included file under the role's tasks/ (or the playbook's directory) first, then beside the including file.</summary>
        private string? Resolve(string name, string includingFile)
        {
            var here = includingFile.Contains('/', StringComparison.Ordinal) ? includingFile[..includingFile.LastIndexOf('/')] : string.Empty;
            foreach (var directory in (string[])[baseDirectory, here])
            {
                var candidate = Normalize(directory.Length == 0 ? name : $"{directory}/{name}");
                if (candidate is not null && files.ContainsKey(candidate)) return candidate;
            }

            return null;
        }

        private static string? Normalize(string path)
        {
            var parts = new List<string>();
            foreach (var part in path.Split('/'))
            {
                if (part is "" or ".") continue;
                if (part == "..")
                {
                    if (parts.Count == 0) return null;
                    parts.RemoveAt(parts.Count - 1);
                }
                else
                {
                    parts.Add(part);
                }
            }

            return string.Join('/', parts);
        }

        private static string? Name(YamlMappingNode task) => task.Find("name")?.Value.Value is AnsibleString s ? s.Value : null;

        private static string? Text(YamlMappingEntry? entry) => entry?.Value.Value is AnsibleString s ? s.Value : null;

        private static bool RunOnce(YamlMappingNode task) => task.Find("run_once")?.Value.Value is AnsibleBool { Value: true };
    }
}
