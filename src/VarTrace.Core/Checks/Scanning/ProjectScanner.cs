using System.Collections.Frozen;
using System.Collections.Immutable;
using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Jinja.Syntax.Ast;
using VarTrace.Core.Model;
using VarTrace.Core.Project;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Checks.Scanning;

/// <summary>
/// Reads every Ansible file of the checkout once, read-only: YAML files (playbooks, tasks, vars,
/// YAML inventories) and <c>.j2</c> templates, with each template string parsed. It does not walk
/// tasks as Ansible runs them; it only collects what the rules need to look at.
/// </summary>
public static class ProjectScanner
{
    private static readonly FrozenSet<string> ConditionKeys = FrozenSet.Create(StringComparer.Ordinal, "when", "changed_when", "failed_when", "until");

    private static readonly FrozenSet<string> SetFactActions = FrozenSet.Create(StringComparer.Ordinal, "set_fact", "ansible.builtin.set_fact", "ansible.legacy.set_fact");

    private static readonly FrozenSet<string> IncludeVarsActions = FrozenSet.Create(StringComparer.Ordinal, "include_vars", "ansible.builtin.include_vars", "ansible.legacy.include_vars");

    private static readonly FrozenSet<string> AssertActions = FrozenSet.Create(StringComparer.Ordinal, "assert", "ansible.builtin.assert", "ansible.legacy.assert");

    /// <summary>Scans the checkout of <paramref name="workspace"/>; <paramref name="roleDirectories"/> are the roles its plays use.</summary>
    public static ProjectScan Scan(Workspace workspace, IReadOnlyCollection<string> roleDirectories, IReadOnlySet<string> playbookFiles)
    {
        var files = workspace.Files;
        var inventoryFiles = workspace.Inventory.Sources.Select(s => files.ToRelative(s.Path, files.Root)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var roles = roleDirectories.OrderByDescending(static r => r.Length).ToList();
        // Files are read in order (a git revision is one reader); each is parsed on the thread pool
        // as soon as it is read, so reading the next one overlaps parsing the ones before.
        var parsing = new List<Task<(ScannedFile File, List<TemplateSite> Sites, FileFacts Facts)>>();
        foreach (var path in Walk(files, string.Empty))
        {
            if (KindOf(path, inventoryFiles) is not { } kind) continue;
            var owner = roles.FirstOrDefault(r => path.StartsWith(r + "/", StringComparison.Ordinal)) ?? (playbookFiles.Contains(path) ? path : null);
            var (text, error) = ReadText(files, path);
            parsing.Add(Task.Run(() => ReadFile(files, path, text, error, kind, owner)));
        }

        var read = Task.WhenAll(parsing).GetAwaiter().GetResult();
        var scan = new Builder();
        foreach (var file in read) scan.Add(file);
        return scan.Build();
    }

    /// <summary>
    /// Reads one file as <see cref="Scan"/> reads it, as a file of <paramref name="kind"/>: its lines,
    /// its YAML and every template and condition in it, parsed.
    /// </summary>
    public static (ScannedFile File, ImmutableArray<TemplateSite> Sites) ScanFile(ProjectFiles files, string path, ScannedFileKind kind, string? owner = null)
    {
        var (text, error) = ReadText(files, path);
        var (file, sites, _) = ReadFile(files, path, text, error, kind, owner);
        return (file, [.. sites]);
    }

    private static (string? Text, VarTraceException? Error) ReadText(ProjectFiles files, string path)
    {
        try
        {
            return (files.ReadText(path), null);
        }
        catch (VarTraceException e)
        {
            return (null, e);
        }
    }

    /// <summary>
    /// What a key in one file the user points at (<c>--at FILE:LINE</c>) means, where the scan
    /// classifies by path alone: a <c>.j2</c> template or a file under <c>templates/</c>; an inventory source; a
    /// variables file (group_vars, host_vars, a role's defaults or vars, or any other file holding a
    /// single mapping: a <c>vars_files</c> or <c>include_vars</c> target); otherwise a playbook or task file.
    /// </summary>
    public static ScannedFileKind KindOfFile(Workspace workspace, string file)
    {
        var segments = file.Split('/');
        if (file.EndsWith(".j2", StringComparison.Ordinal) || segments[..^1].Contains("templates")) return ScannedFileKind.Template;
        var files = workspace.Files;
        if (workspace.Inventory.Sources.Any(s => files.ToRelative(s.Path, files.Root) == file)) return ScannedFileKind.Inventory;
        if (segments[..^1].Any(static s => s is "group_vars" or "host_vars" or "defaults" or "vars")) return ScannedFileKind.Variables;

        // A role's meta/main.yml is a mapping too, but of role settings.
        if (segments[..^1].Contains("meta")) return ScannedFileKind.Tasks;
        try
        {
            return files.LoadData(file).Documents is [YamlMappingNode, ..] ? ScannedFileKind.Variables : ScannedFileKind.Tasks;
        }
        catch (VarTraceException)
        {
            // The scan reports why it cannot be read.
            return ScannedFileKind.Tasks;
        }
    }

    private static ScannedFileKind? KindOf(string path, HashSet<string> inventoryFiles)
    {
        if (path.EndsWith(".j2", StringComparison.Ordinal)) return ScannedFileKind.Template;
        if (!path.EndsWith(".yml", StringComparison.Ordinal) && !path.EndsWith(".yaml", StringComparison.Ordinal)) return null;
        if (inventoryFiles.Contains(path)) return ScannedFileKind.Inventory;
        var segments = path.Split('/');
        if (segments.Contains("templates")) return null;
        return segments.Any(static s => s is "group_vars" or "host_vars" or "defaults" or "vars") ? ScannedFileKind.Variables : ScannedFileKind.Tasks;
    }

    private static IEnumerable<string> Walk(ProjectFiles files, string directory)
    {
        foreach (var entry in files.List(directory))
        {
            var name = entry[(entry.LastIndexOf('/') + 1)..];

            // Hidden entries are not Ansible's; a role's files/ are copied verbatim, never templated.
            if (name.StartsWith('.') || name == "files") continue;
            if (files.DirectoryExists(entry))
            {
                foreach (var nested in Walk(files, entry)) yield return nested;
            }
            else if (files.FileExists(entry))
            {
                yield return entry;
            }
        }
    }

    private static (ScannedFile File, List<TemplateSite> Sites, FileFacts Facts) ReadFile(ProjectFiles files, string path, string? text, VarTraceException? readError, ScannedFileKind kind, string? owner)
    {
        if (text is null) return (new ScannedFile(path, kind, [], null, readError, owner), [], new FileFacts());
        var lines = text.ReplaceLineEndings("\n").Split('\n').ToImmutableArray();
        var sites = new List<TemplateSite>();
        var facts = new FileFacts();
        if (kind == ScannedFileKind.Template)
        {
            var file = new ScannedFile(path, kind, lines, null, null, owner);
            sites.Add(Site(file, text, TemplateOrigin.File(path), isExpression: false));
            return (file, sites, facts);
        }

        YamlFile yaml;
        try
        {
            yaml = files.Parse(text, path);
        }
        catch (VarTraceException e)
        {
            return (new ScannedFile(path, kind, lines, null, e, owner), sites, facts);
        }

        var scanned = new ScannedFile(path, kind, lines, yaml, null, owner);
        var visited = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        foreach (var document in yaml.Documents) Visit(scanned, document, null, sites, facts, visited);
        return (scanned, sites, facts);
    }

    private static void Visit(ScannedFile file, YamlNode node, string? key, List<TemplateSite> sites, FileFacts facts, HashSet<YamlNode> visited)
    {
        // An alias is the very node of its anchor: one visit reports it once.
        if (!visited.Add(node)) return;
        switch (node)
        {
            case YamlScalarNode { Value: AnsibleString value } scalar:
                var isCondition = file.Kind == ScannedFileKind.Tasks && key is not null && ConditionKeys.Contains(key);
                if (isCondition && !AnsibleValue.HasJinjaMarkup(value.Value) && value.Value.Trim().Length > 0)
                {
                    sites.Add(Site(file, value.Value, Origin(file, scalar), isExpression: true));
                }
                else if (AnsibleValue.HasJinjaMarkup(value.Value) && !value.IsUnsafe)
                {
                    sites.Add(Site(file, value.Value, Origin(file, scalar), isExpression: false));
                }
                else if (key == "var" && file.Kind == ScannedFileKind.Tasks)
                {
                    facts.Referenced.Add(value.Value.Trim());
                }

                break;
            case YamlSequenceNode sequence:
                // A list under `when:` (or an assert's `that:`) holds one condition per item.
                foreach (var item in sequence.Items) Visit(file, item, key is not null && ConditionKeys.Contains(key) ? key : null, sites, facts, visited);
                break;
            case YamlMappingNode mapping:
                if (file.Kind == ScannedFileKind.Tasks) CollectRuntimeNames(mapping, facts);
                foreach (var entry in mapping.Entries)
                {
                    var entryKey = entry.Key.Value is AnsibleString k ? k.Value : null;
                    var childKey = entryKey == "that" && mapping.Entries.Any(static e => e.Key.Value is AnsibleString a && AssertActions.Contains(a.Value)) ? "when" : entryKey;
                    if (AssertActions.Contains(entryKey ?? string.Empty) && entry.Value is YamlMappingNode assertArgs && assertArgs.Find("that") is { } that)
                    {
                        Visit(file, that.Value, "when", sites, facts, visited);
                    }

                    Visit(file, entry.Value, childKey, sites, facts, visited);
                }

                break;
        }
    }

    /// <summary>Names a task defines at run time (register, set_fact, vars, loop variables), which no resolution shows.</summary>
    private static void CollectRuntimeNames(YamlMappingNode mapping, FileFacts facts)
    {
        foreach (var entry in mapping.Entries)
        {
            if (entry.Key.Value is not AnsibleString { Value: var key }) continue;
            if (key == "register" && entry.Value.Value is AnsibleString registered) facts.RuntimeNames.Add(registered.Value);
            else if (key == "vars" && entry.Value is YamlMappingNode vars) AddKeys(vars, facts.RuntimeNames);
            else if (key == "loop_control" && entry.Value is YamlMappingNode control)
            {
                foreach (var name in (string[])["loop_var", "index_var"])
                {
                    if (control.Find(name)?.Value.Value is AnsibleString loopVar) facts.RuntimeNames.Add(loopVar.Value);
                }
            }
            else if (SetFactActions.Contains(key))
            {
                if (entry.Value is YamlMappingNode args) AddKeys(args, facts.RuntimeNames);
                else if (entry.Value.Value is AnsibleString free)
                {
                    foreach (var pair in free.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var equals = pair.IndexOf('=', StringComparison.Ordinal);
                        if (equals > 0) facts.RuntimeNames.Add(pair[..equals]);
                    }
                }
            }
            else if (IncludeVarsActions.Contains(key))
            {
                facts.IncludesVars = true;
            }
        }
    }

    private static void AddKeys(YamlMappingNode mapping, HashSet<string> names)
    {
        foreach (var entry in mapping.Entries)
        {
            if (entry.Key.Value is AnsibleString name && name.Value != "cacheable") names.Add(name.Value);
        }
    }

    private static TemplateOrigin Origin(ScannedFile file, YamlScalarNode scalar)
    {
        if (scalar.IsPlain) return new TemplateOrigin(scalar.Start, TemplateOriginKind.PlainScalar);
        var line = scalar.Start.Line >= 1 && scalar.Start.Line <= file.Lines.Length ? file.Lines[scalar.Start.Line - 1] : string.Empty;
        var first = scalar.Start.Column >= 1 && scalar.Start.Column <= line.Length ? line[scalar.Start.Column - 1] : '"';
        return new TemplateOrigin(scalar.Start, first is '"' or '\'' ? TemplateOriginKind.QuotedScalar : TemplateOriginKind.BlockScalar);
    }

    private static TemplateSite Site(ScannedFile file, string text, TemplateOrigin origin, bool isExpression)
    {
        if (isExpression)
        {
            return JinjaParser.Ansible.TryParseExpression(text, out var expression, out var expressionError)
                ? new TemplateSite(file, text, origin, true, expression, null, file.Owner)
                : new TemplateSite(file, text, origin, true, null, expressionError, file.Owner);
        }

        return JinjaParser.Ansible.TryParseTemplate(text, out var tree, out var error)
            ? new TemplateSite(file, text, origin, false, tree, null, file.Owner)
            : new TemplateSite(file, text, origin, false, null, error, file.Owner);
    }

    private sealed class FileFacts
    {
        public HashSet<string> RuntimeNames { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Referenced { get; } = new(StringComparer.Ordinal);

        public bool IncludesVars { get; set; }
    }

    private sealed class Builder
    {
        private readonly List<ScannedFile> _files = [];
        private readonly List<TemplateSite> _sites = [];
        private readonly HashSet<string> _runtimeNames = new(StringComparer.Ordinal);
        private readonly HashSet<string> _referenced = new(StringComparer.Ordinal);
        private readonly HashSet<string> _ownersWithIncludeVars = new(StringComparer.Ordinal);

        public void Add((ScannedFile File, List<TemplateSite> Sites, FileFacts Facts) read)
        {
            _files.Add(read.File);
            _sites.AddRange(read.Sites);
            _runtimeNames.UnionWith(read.Facts.RuntimeNames);
            _referenced.UnionWith(read.Facts.Referenced);
            if (read.Facts.IncludesVars && read.File.Owner is { } owner) _ownersWithIncludeVars.Add(owner);
            foreach (var site in read.Sites) site.AddNamesRead(_referenced);
        }

        public ProjectScan Build() => new(
            [.. _files],
            [.. _sites],
            _runtimeNames.ToFrozenSet(StringComparer.Ordinal),
            _referenced.ToFrozenSet(StringComparer.Ordinal),
            _ownersWithIncludeVars.ToFrozenSet(StringComparer.Ordinal));
    }
}

/// <summary>Everything the scanner read.</summary>
/// <param name="Files">Every scanned file, in path order.</param>
/// <param name="Sites">Every template and condition, in file order.</param>
/// <param name="RuntimeNames">Names tasks define at run time (register, set_fact, task vars, loop variables).</param>
/// <param name="ReferencedNames">Every name any template reads, plus attribute names and string literals (which may name variables through <c>vars[...]</c> or <c>hostvars[...]</c>).</param>
/// <param name="OwnersWithIncludeVars">Roles and playbooks with an <c>include_vars</c> task, whose variables are not all known statically.</param>
public sealed record ProjectScan(
    ImmutableArray<ScannedFile> Files,
    ImmutableArray<TemplateSite> Sites,
    FrozenSet<string> RuntimeNames,
    FrozenSet<string> ReferencedNames,
    FrozenSet<string> OwnersWithIncludeVars)
{
    /// <summary>The sites each owner's tasks evaluate.</summary>
    public ILookup<string, TemplateSite> SitesByOwner { get; } = Sites.Where(static s => s.Owner is not null).ToLookup(static s => s.Owner!, StringComparer.Ordinal);
}
