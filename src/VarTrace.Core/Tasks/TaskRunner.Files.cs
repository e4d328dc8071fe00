using System.Collections.Immutable;
using System.Text.RegularExpressions;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Tasks;

/// <summary>Loops, include_vars files and include paths.</summary>
public sealed partial class TaskRunner
{
    /// <summary>
    /// The loop variables of each iteration (one empty set without a loop), or null when the items
    /// cannot be known. <c>with_first_found</c> yields the first existing file, as the lookup does.
    /// </summary>
    private List<ImmutableArray<Assignment>>? LoopItems(PlayTask task, ValueEvaluator evaluator)
    {
        var loop = task.Node.Entries.FirstOrDefault(static e => e.Key.Value is AnsibleString k && (k.Value == "loop" || k.Value.StartsWith("with_", StringComparison.Ordinal)));
        if (loop is null) return [[]];
        var kind = ((AnsibleString)loop.Key.Value).Value;
        var loopVar = (task.Node.Find("loop_control")?.Value as YamlMappingNode)?.Find("loop_var")?.Value.Value is AnsibleString v ? v.Value : "item";
        List<AnsibleValue>? items;
        if (kind == "with_first_found")
        {
            items = FirstFound(task, evaluator, loop.Value.Value);
        }
        else
        {
            var evaluated = evaluator.Value(loop.Value.Value);
            if (!evaluated.IsKnown) return null;
            items = (kind, evaluated.Value) switch
            {
                ("loop" or "with_list", AnsibleList list) => [.. list.Items],
                ("with_items", AnsibleList list) => [.. list.Items.SelectMany(static i => i is AnsibleList inner ? inner.Items : [i])],
                ("with_items" or "with_list", { } single and not AnsibleList) => [single],
                ("with_dict", AnsibleDict dict) => [.. dict.Entries.Select(static e => (AnsibleValue)new AnsibleDict([new(new AnsibleString("key"), e.Key), new(new AnsibleString("value"), e.Value)]))],
                _ => null,
            };
        }

        if (items is null) return null;
        var location = loop.Key.Start;
        return [.. items.Select(item => ImmutableArray.Create(new Assignment(loopVar, item, location), new Assignment("ansible_loop_var", new AnsibleString(loopVar), location)))];
    }

    /// <summary>
    /// The <c>first_found</c> lookup: terms are file names or <c>{files, paths, skip}</c>; the first
    /// candidate that exists is the single item (none with <c>skip</c>). Null when a name cannot be known.
    /// </summary>
    private List<AnsibleValue>? FirstFound(PlayTask task, ValueEvaluator evaluator, AnsibleValue terms)
    {
        var evaluated = evaluator.Value(terms);
        if (!evaluated.IsKnown) return null;
        var candidates = new List<string>();
        foreach (var term in evaluated.Value is AnsibleList list ? list.Items : [evaluated.Value!])
        {
            switch (term)
            {
                case AnsibleString name:
                    candidates.Add(name.Value);
                    break;
                case AnsibleDict spec:
                    var files = Strings(spec.Get("files"));
                    var paths = Strings(spec.Get("paths"));
                    candidates.AddRange(paths.Count == 0 ? files : paths.SelectMany(p => files.Select(f => $"{p}/{f}")));
                    break;
            }
        }

        foreach (var candidate in candidates)
        {
            if (FindTaskFile(task, candidate, "files") is { } found) return [new AnsibleString(_workspace.Files.FullPath(found))];
        }

        return [];
    }

    private static List<string> Strings(AnsibleValue? value) => value switch
    {
        AnsibleString s => [.. s.Value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        AnsibleList list => [.. list.Items.OfType<AnsibleString>().Select(static s => s.Value)],
        _ => [],
    };

    /// <summary>
    /// <c>ActionBase._find_needle(subdir, name)</c>: the role's <paramref name="subdirectory"/> and the
    /// role itself, then beside the task file, then the playbook directory.
    /// </summary>
    private string? FindTaskFile(PlayTask task, string name, string subdirectory)
    {
        if (name.StartsWith('/'))
        {
            var relative = _workspace.Files.ToRelative(name, _workspace.Files.Root);
            return relative is not null && _workspace.Files.FileExists(relative) ? relative : null;
        }

        var bases = new List<string>();
        if (task.Scope.Role is { } role) bases.Add(role.Files.Directory);
        bases.Add(ProjectFiles.DirectoryOf(task.Location.File));
        bases.Add(_workspace.Plays.FirstOrDefault()?.PlaybookDirectory ?? string.Empty);
        foreach (var directory in bases)
        {
            foreach (var candidate in new[] { ProjectFiles.Combine(ProjectFiles.Combine(directory, subdirectory), name), ProjectFiles.Combine(directory, name) })
            {
                if (_workspace.Files.FileExists(candidate) || _workspace.Files.DirectoryExists(candidate)) return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// <c>include_vars</c> (2.14 plugins/action/include_vars.py): a file, or a directory walked in
    /// sorted order (<c>depth</c>, <c>files_matching</c>, <c>ignore_files</c>, <c>extensions</c>); with
    /// <c>name:</c> everything is nested under that one key. Values stay raw, templated when read.
    /// </summary>
    private List<Assignment> IncludeVars(PlayTask task, ValueEvaluator evaluator)
    {
        var arguments = task.Arguments switch
        {
            YamlMappingNode mapping => evaluator.Value(mapping.Value).Value as AnsibleDict,
            YamlScalarNode scalar => evaluator.Value(scalar.Value).Value is AnsibleString file ? new AnsibleDict([new(new AnsibleString("file"), file)]) : null,
            _ => null,
        };
        var source = arguments?.Get("file") ?? arguments?.Get("_raw_params");
        var directory = arguments?.Get("dir");
        if (arguments is null || (source ?? directory) is not AnsibleString path)
        {
            _workspace.Diagnostics.Add(new LoadDiagnostic(task.Location, "include_vars names a file that cannot be known statically; its variables are not analysed"));
            return [];
        }

        var found = FindTaskFile(task, path.Value, "vars");
        if (found is null)
        {
            _workspace.Diagnostics.Add(new LoadDiagnostic(task.Location, $"include_vars `{path.Value}` not found"));
            return [];
        }

        var files = directory is null ? [found] : DirectoryFiles(found, arguments);
        var assignments = new List<Assignment>();
        foreach (var file in files)
        {
            foreach (var assignment in VarsFiles.Read(_workspace.Files, file).Assignments)
            {
                assignments.RemoveAll(a => a.Name == assignment.Name);
                assignments.Add(assignment);
            }
        }

        if (arguments.Get("name") is AnsibleString name)
        {
            var nested = new AnsibleDict([.. assignments.Select(static a => new KeyValuePair<AnsibleValue, AnsibleValue>(new AnsibleString(a.Name), a.Value))]);
            return [new Assignment(name.Value, nested, task.Location)];
        }

        return assignments;
    }

    private List<string> DirectoryFiles(string directory, AnsibleDict arguments)
    {
        var depth = arguments.Get("depth") is AnsibleInt d ? (int)d.Value : 0;
        var matching = arguments.Get("files_matching") is AnsibleString m ? new Regex(m.Value) : null;
        var ignored = Strings(arguments.Get("ignore_files"));
        var extensions = arguments.Get("extensions") is { } e ? Strings(e) : ["yaml", "yml", "json"];
        var result = new List<string>();
        Collect(directory, 1);
        return result;

        void Collect(string current, int level)
        {
            var entries = _workspace.Files.List(current);
            foreach (var file in entries.Where(_workspace.Files.FileExists))
            {
                var name = file[(file.LastIndexOf('/') + 1)..];
                var extension = name.Contains('.') ? name[(name.LastIndexOf('.') + 1)..] : string.Empty;
                if (!extensions.Contains(extension) || ignored.Contains(name) || (matching is not null && !matching.IsMatch(name))) continue;
                result.Add(file);
            }

            if (depth != 0 && level >= depth) return;
            foreach (var sub in entries.Where(_workspace.Files.DirectoryExists)) Collect(sub, level + 1);
        }
    }

    /// <summary>A templated include path, rendered at the including task for the play's first host.</summary>
    private string? RenderIncludePath(Play play, string path, PlayTask task)
    {
        var host = _workspace.HostsOf(play).FirstOrDefault();
        if (host is null) return null;
        var evaluated = Evaluator(play, task, host, RuntimeState.Empty, []).Value(new AnsibleString(path));
        return evaluated is { IsKnown: true, Value: AnsibleString s } ? s.Value : null;
    }
}
