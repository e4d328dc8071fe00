using System.Collections.Immutable;
using System.Text.RegularExpressions;
using VarTrace.Core.Checks.Scanning;
using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Jinja.Syntax.Ast;
using VarTrace.Core.Model;
using VarTrace.Core.Project;
using VarTrace.Core.Tasks;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Explain;

/// <summary>How a line names a variable.</summary>
public enum LineVariableUse
{
    /// <summary>The line defines it: a key of a vars file or <c>vars:</c>, a <c>set_fact</c> argument, a <c>register:</c>, an inventory variable.</summary>
    Defines,

    /// <summary>A template or condition on the line reads it.</summary>
    Reads,
}

/// <summary>One variable a line defines or reads.</summary>
/// <param name="Name">The variable.</param>
/// <param name="Use">Whether the line defines or reads it.</param>
/// <param name="Location">Where its name stands (for a multi-line definition: where its key stands).</param>
public sealed record LineVariable(string Name, LineVariableUse Use, SourceLocation Location);

/// <summary>
/// The variables one line of the checkout defines or reads, for <c>explain --at FILE:LINE</c>
/// without a variable (the cursor's line in an editor). A key written on the line is a definition;
/// otherwise the templates and conditions on the line are read, each name a template reads from
/// its context counted once, in order of first appearance, without the template's own locals,
/// loop variables (<c>item</c>, <c>loop_control.loop_var</c>) or called globals (<c>lookup(...)</c>).
/// A line with neither inside a multi-line definition (a line of a dict or a folded string)
/// stands for that definition.
/// </summary>
/// <param name="Position">The file and line.</param>
/// <param name="FileKind">What kind of Ansible file it is, which decides what a key on the line means.</param>
/// <param name="Variables">What the line defines, then what it reads.</param>
public sealed partial record LineVariables(FileLine Position, ScannedFileKind FileKind, ImmutableArray<LineVariable> Variables)
{
    private static readonly string[] TaskListKeys = ["block", "rescue", "always", "tasks", "pre_tasks", "post_tasks", "handlers", "roles"];

    /// <summary>What to explain: the variables the line defines or, when it defines none, those it reads.</summary>
    public ImmutableArray<string> ToExplain
    {
        get
        {
            var use = Variables.Any(static v => v.Use == LineVariableUse.Defines) ? LineVariableUse.Defines : LineVariableUse.Reads;
            return [.. Variables.Where(v => v.Use == use).Select(static v => v.Name).Distinct(StringComparer.Ordinal)];
        }
    }

    /// <summary>The variables <paramref name="position"/> defines or reads.</summary>
    /// <exception cref="VarTraceException">The file does not exist or cannot be read.</exception>
    public static LineVariables Find(Workspace workspace, FileLine position)
    {
        if (!workspace.Files.FileExists(position.File)) throw new VarTraceException(null, $"--at {position}: no such file in the project");
        var kind = ProjectScanner.KindOfFile(workspace, position.File);
        if (kind == ScannedFileKind.Inventory && !IsYaml(position.File)) return new LineVariables(position, kind, InventoryDefinitions(workspace, position));
        var (scanned, sites) = ProjectScanner.ScanFile(workspace.Files, position.File, kind);
        if (scanned.LoadError is { } error) throw error;
        var finder = new Finder(scanned, position.Line);
        var defined = kind switch
        {
            ScannedFileKind.Inventory => InventoryDefinitions(workspace, position),
            ScannedFileKind.Variables => finder.VariablesFile(),
            ScannedFileKind.Tasks => finder.TasksFile(),
            _ => [],
        };
        var read = finder.Reads(sites);
        if (defined.IsEmpty && read.IsEmpty && finder.Enclosing is { } enclosing) defined = [enclosing];
        return new LineVariables(position, kind, defined.AddRange(read));
    }

    private static bool IsYaml(string file) =>
        file.EndsWith(".yml", StringComparison.Ordinal) || file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".json", StringComparison.Ordinal);

    /// <summary>Inventory variables written on the line, as the loaded inventory recorded them (INI and YAML alike).</summary>
    private static ImmutableArray<LineVariable> InventoryDefinitions(Workspace workspace, FileLine position) =>
    [
        .. workspace.Inventory.Groups.Values.SelectMany(static g => g.Vars)
            .Concat(workspace.Inventory.Hosts.Values.SelectMany(static h => h.Vars))
            .Where(a => a.Location.File == position.File && a.Location.Line == position.Line)
            .OrderBy(static a => a.Location.Column)
            .Select(static a => new LineVariable(a.Name, LineVariableUse.Defines, a.Location))
            .DistinctBy(static v => v.Name),
    ];

    [GeneratedRegex("""([A-Za-z_][A-Za-z0-9_]*)=""")]
    private static partial Regex FreeFormKey();

    /// <summary>
    /// Walks one file's YAML down to the line. A node's extent runs from its start to the line before
    /// the next sibling's start (or its parent's end), which is how a line inside a block scalar or a
    /// nested dict is attributed to the key that holds it.
    /// </summary>
    private sealed class Finder(ScannedFile file, int line)
    {
        private readonly List<LineVariable> _defined = [];

        // `item` is Ansible's loop variable wherever a loop runs; loop_control may name others.
        private readonly HashSet<string> _loopNames = new(StringComparer.Ordinal) { "item" };

        /// <summary>The definition whose multi-line value holds the line, if any.</summary>
        public LineVariable? Enclosing { get; private set; }

        private int LastLine => Math.Max(line, file.Lines.Length);

        public ImmutableArray<LineVariable> VariablesFile()
        {
            foreach (var (document, end) in Documents())
            {
                if (document is YamlMappingNode mapping) Definitions(mapping, end, except: null);
            }

            return [.. _defined];
        }

        public ImmutableArray<LineVariable> TasksFile()
        {
            foreach (var (document, end) in Documents())
            {
                if (document is YamlSequenceNode list) TaskList(list, end);
            }

            return [.. _defined];
        }

        /// <summary>The names the templates and conditions on the line read, in order of first appearance.</summary>
        public ImmutableArray<LineVariable> Reads(ImmutableArray<TemplateSite> sites)
        {
            var candidates = new List<(TemplateSite Site, int End)>();
            if (file.Kind == ScannedFileKind.Template)
            {
                candidates.AddRange(sites.Select(s => (s, LastLine)));
            }
            else
            {
                var scalars = new List<(YamlScalarNode Scalar, int End)>();
                foreach (var (document, end) in Documents()) Scalars(document, end, scalars);
                var byStart = sites.ToLookup(static s => s.Origin.Start);
                candidates.AddRange(scalars.SelectMany(s => byStart[s.Scalar.Start].Select(site => (site, s.End))));
            }

            return
            [
                .. candidates
                    .SelectMany(c => Located(c.Site, c.End))
                    .Where(r => r.Location.Line == line && !_loopNames.Contains(r.Name))
                    .OrderBy(static r => r.Location.Column)
                    .DistinctBy(static r => r.Name)
                    .Select(static r => new LineVariable(r.Name, LineVariableUse.Reads, r.Location)),
            ];
        }

        private IEnumerable<(YamlNode Node, int End)> Documents() => Extents(file.Yaml?.Documents ?? [], LastLine);

        /// <summary>Nodes in file order with the last line each may own; aliases (the node of an earlier anchor) are left out.</summary>
        private static IEnumerable<(T Node, int End)> Extents<T>(IEnumerable<T> nodes, int end, Func<T, YamlNode>? position = null, SourceLocation? notBefore = null)
        {
            position ??= static n => (YamlNode)(object)n!;
            var ordered = nodes
                .Where(n => notBefore is not { } first || Compare(position(n).Start, first) >= 0)
                .OrderBy(n => position(n).Start.Line)
                .ThenBy(n => position(n).Start.Column)
                .ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var start = position(ordered[i]).Start.Line;
                var nodeEnd = i + 1 < ordered.Count ? Math.Max(start, position(ordered[i + 1]).Start.Line - 1) : end;
                yield return (ordered[i], nodeEnd);
            }
        }

        private static int Compare(SourceLocation a, SourceLocation b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column);

        private static IEnumerable<(YamlMappingEntry Entry, int End)> Entries(YamlMappingNode mapping, int end) =>
            Extents(mapping.Entries, end, static e => e.Key, mapping.Start);

        private bool Holds(SourceLocation start, int end) => start.Line <= line && line <= end;

        /// <summary>A playbook's plays or a task list: only the item holding the line matters.</summary>
        private void TaskList(YamlSequenceNode list, int end)
        {
            foreach (var (item, itemEnd) in Extents(list.Items, end, notBefore: list.Start))
            {
                if (item is YamlMappingNode task && Holds(task.Start, itemEnd)) Task(task, itemEnd);
            }
        }

        /// <summary>A play, block, task, handler or role entry.</summary>
        private void Task(YamlMappingNode task, int end)
        {
            if (task.Find("loop_control")?.Value is YamlMappingNode control)
            {
                foreach (var name in (string[])["loop_var", "index_var"])
                {
                    if (control.Find(name)?.Value.Value is AnsibleString loopVar) _loopNames.Add(loopVar.Value);
                }
            }

            foreach (var (entry, entryEnd) in Entries(task, end))
            {
                if (!Holds(entry.Key.Start, entryEnd) || entry.Key.Value is not AnsibleString { Value: var key }) continue;
                var onKeyLine = entry.Key.Start.Line == line;
                switch (TaskKeywords.ShortAction(key), entry.Value)
                {
                    case ("vars", YamlMappingNode vars):
                        Definitions(vars, entryEnd, except: null, all: onKeyLine);
                        break;
                    case (_, YamlSequenceNode list) when TaskListKeys.Contains(key):
                        TaskList(list, entryEnd);
                        break;
                    case ("register", YamlScalarNode { Value: AnsibleString registered } value) when onKeyLine || value.Start.Line == line:
                        _defined.Add(new LineVariable(registered.Value, LineVariableUse.Defines, value.Start));
                        break;
                    case ("vars_prompt", YamlSequenceNode prompts):
                        foreach (var prompt in prompts.Items.OfType<YamlMappingNode>())
                        {
                            if (prompt.Find("name") is { Value: YamlScalarNode { Value: AnsibleString name } node } && node.Start.Line == line)
                            {
                                _defined.Add(new LineVariable(name.Value, LineVariableUse.Defines, node.Start));
                            }
                        }

                        break;
                    case ("set_fact", YamlMappingNode arguments):
                        Definitions(arguments, entryEnd, except: "cacheable", all: onKeyLine);
                        break;
                    case ("set_fact", YamlScalarNode { Value: AnsibleString freeForm } value) when onKeyLine || value.Start.Line == line:
                        // k=v form: every key on the line, as parse_kv splits them.
                        foreach (Match match in FreeFormKey().Matches(freeForm.Value))
                        {
                            if (match.Groups[1].Value != "cacheable") _defined.Add(new LineVariable(match.Groups[1].Value, LineVariableUse.Defines, value.Start));
                        }

                        break;
                    case ("include_vars", YamlMappingNode arguments):
                        if (arguments.Find("name") is { Key: var nameKey, Value: YamlScalarNode { Value: AnsibleString target } } && (onKeyLine || nameKey.Start.Line == line))
                        {
                            _defined.Add(new LineVariable(target.Value, LineVariableUse.Defines, nameKey.Start));
                        }

                        break;
                }
            }
        }

        /// <summary>Keys of a mapping of variables: the one written on the line (every one, when the line is the mapping's own key).</summary>
        private void Definitions(YamlMappingNode mapping, int end, string? except, bool all = false)
        {
            foreach (var (entry, entryEnd) in Entries(mapping, end))
            {
                if (entry.Key.Value is not AnsibleString { Value: var name } || name == except) continue;
                if (all || entry.Key.Start.Line == line)
                {
                    _defined.Add(new LineVariable(name, LineVariableUse.Defines, entry.Key.Start));
                }
                else if (entry.Key.Start.Line < line && line <= entryEnd && IsContent(line))
                {
                    Enclosing ??= new LineVariable(name, LineVariableUse.Defines, entry.Key.Start);
                }
            }
        }

        private bool IsContent(int number)
        {
            if (number > file.Lines.Length) return false;
            var text = file.Lines[number - 1].Trim();
            return text.Length > 0 && !text.StartsWith('#');
        }

        /// <summary>The scalars whose extent holds the line.</summary>
        private void Scalars(YamlNode node, int end, List<(YamlScalarNode, int)> found)
        {
            switch (node)
            {
                case YamlScalarNode scalar when Holds(scalar.Start, end):
                    found.Add((scalar, end));
                    break;
                case YamlMappingNode mapping:
                    foreach (var (entry, entryEnd) in Entries(mapping, end))
                    {
                        if (Holds(entry.Key.Start, entryEnd) && Compare(entry.Value.Start, entry.Key.Start) > 0) Scalars(entry.Value, entryEnd, found);
                    }

                    break;
                case YamlSequenceNode list:
                    foreach (var (item, itemEnd) in Extents(list.Items, end, notBefore: list.Start))
                    {
                        if (Holds(item.Start, itemEnd)) Scalars(item, itemEnd, found);
                    }

                    break;
            }
        }

        /// <summary>
        /// Where each name <paramref name="site"/> reads stands in the file. A plain or quoted one-line
        /// scalar and a template file map offsets exactly; YAML folds a block scalar, so there the
        /// n-th reference to a name is its n-th occurrence as a name on the scalar's lines.
        /// </summary>
        private IEnumerable<(string Name, SourceLocation Location)> Located(TemplateSite site, int end)
        {
            if (site.Tree is null) yield break;
            var called = NodeChildren.DescendantsAndSelf(site.Tree).OfType<CallExpression>().Select(static c => c.Callee).OfType<NameExpression>().ToHashSet();
            var exact = site.Origin.Kind == TemplateOriginKind.Verbatim
                || (site.Origin.Kind is TemplateOriginKind.PlainScalar or TemplateOriginKind.QuotedScalar && site.Text.AsSpan().IndexOfAny('\n', '\r') < 0);
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var reference in site.References)
            {
                SourceLocation? location;
                if (exact)
                {
                    location = site.Locate(reference.Span);
                }
                else
                {
                    var occurrence = seen[reference.Name] = seen.GetValueOrDefault(reference.Name) + 1;
                    location = Occurrences(reference.Name, site.Origin.Start, end).Skip(occurrence - 1).Cast<SourceLocation?>().FirstOrDefault();
                }

                if (location is { } found && !called.Contains(reference)) yield return (reference.Name, found);
            }
        }

        /// <summary>Where <paramref name="name"/> stands as a whole name (not an attribute) from <paramref name="start"/> to line <paramref name="end"/>.</summary>
        private IEnumerable<SourceLocation> Occurrences(string name, SourceLocation start, int end)
        {
            for (var number = start.Line; number <= Math.Min(end, file.Lines.Length); number++)
            {
                var text = file.Lines[number - 1];
                var from = number == start.Line ? Math.Max(0, start.Column - 1) : 0;
                while ((from = text.IndexOf(name, from, StringComparison.Ordinal)) >= 0)
                {
                    var before = from == 0 ? ' ' : text[from - 1];
                    var after = from + name.Length < text.Length ? text[from + name.Length] : ' ';
                    if (!IsNameChar(before) && before != '.' && !IsNameChar(after)) yield return new SourceLocation(file.Path, number, from + 1);
                    from += name.Length;
                }
            }
        }

        private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
    }
}
