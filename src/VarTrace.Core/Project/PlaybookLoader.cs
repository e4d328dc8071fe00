using System.Collections.Frozen;
using System.Collections.Immutable;
using VarTrace.Core.Model;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Project;

/// <summary>
/// Reads a playbook into its plays, expanding <c>import_playbook</c> in place as ansible-core 2.14
/// does. Each play remembers the directory of the file that holds it: with the default
/// <c>playbook_vars_root=top</c> that is where its group_vars, host_vars and roles are looked up.
/// </summary>
public sealed class PlaybookLoader(ProjectFiles files, RoleLoader roles, List<LoadDiagnostic> diagnostics)
{
    private static readonly FrozenSet<string> ImportPlaybookActions = FrozenSet.Create(
        StringComparer.Ordinal, "import_playbook", "ansible.builtin.import_playbook", "ansible.legacy.import_playbook");

    private static readonly FrozenSet<string> ImportRoleActions = FrozenSet.Create(
        StringComparer.Ordinal, "import_role", "ansible.builtin.import_role", "ansible.legacy.import_role");

    private static readonly FrozenSet<string> IncludeRoleActions = FrozenSet.Create(
        StringComparer.Ordinal, "include_role", "ansible.builtin.include_role", "ansible.legacy.include_role");

    private static readonly string[] TaskSections = ["pre_tasks", "tasks", "post_tasks", "handlers"];

    private static readonly string[] BlockSections = ["block", "rescue", "always"];

    /// <summary>Reads the playbook at the project-relative <paramref name="path"/>.</summary>
    /// <exception cref="VarTraceException">A playbook file is missing or broken, or imports form a cycle.</exception>
    public ImmutableArray<Play> Load(string path)
    {
        var plays = ImmutableArray.CreateBuilder<Play>();
        LoadFile(path, ImmutableStack<string>.Empty, plays, importedFrom: null, importVars: []);
        return plays.ToImmutable();
    }

    // importVars: `vars:` of the enclosing import_playbook entries, innermost first;
    // PlaybookInclude merges them over each imported play's own vars (ansible-core 2.14).
    private void LoadFile(string path, ImmutableStack<string> importers, ImmutableArray<Play>.Builder plays, SourceLocation? importedFrom, ImmutableArray<Assignment> importVars)
    {
        if (importers.Contains(path))
        {
            throw new VarTraceException(importedFrom, $"`{path}` imports itself (through {string.Join(" -> ", importers.Reverse().Append(path))})");
        }

        if (!files.FileExists(path))
        {
            throw new VarTraceException(importedFrom, $"playbook `{path}` not found");
        }

        var yaml = files.LoadData(path);
        if (yaml.Documents.IsEmpty) return;
        if (yaml.Documents[0] is not YamlSequenceNode entries)
        {
            throw new VarTraceException(yaml.Documents[0].Start, "a playbook must be a list of plays");
        }

        var directory = ProjectFiles.DirectoryOf(path);
        foreach (var entry in entries.Items)
        {
            if (entry is not YamlMappingNode mapping)
            {
                throw new VarTraceException(entry.Start, "a playbook entry must be a mapping (a play or an import_playbook)");
            }

            var import = mapping.Entries.FirstOrDefault(e => e.Key.Value is AnsibleString k && ImportPlaybookActions.Contains(k.Value));
            if (import is not null)
            {
                if (import.Value.Value is not AnsibleString target || AnsibleValue.HasJinjaMarkup(target.Value))
                {
                    diagnostics.Add(new LoadDiagnostic(import.Value.Start, "import_playbook with a templated or missing path is not followed"));
                    continue;
                }

                if (ImportedPath(directory, target.Value, import.Value.Start) is not { } imported) continue;
                var vars = ReadPlayVars(mapping.Find("vars"));
                LoadFile(imported, importers.Push(path), plays, import.Value.Start, [.. vars, .. importVars]);
                continue;
            }

            plays.Add(ReadPlay(mapping, plays.Count + 1, directory, importVars));
        }
    }

    /// <summary>The project-relative path an import names, or null (reported) when it lies outside the checkout.</summary>
    private string? ImportedPath(string directory, string target, SourceLocation at)
    {
        var imported = target.StartsWith('/') ? files.ToRelative(target, files.Root) : ProjectFiles.Combine(directory, target);
        if (imported is not null && !ProjectFiles.LeavesCheckout(imported)) return imported;
        diagnostics.Add(new LoadDiagnostic(at, $"import_playbook `{target}` lies outside the checkout; VarTrace does not follow it, so its plays are left out"));
        return null;
    }

    private Play ReadPlay(YamlMappingNode mapping, int number, string directory, ImmutableArray<Assignment> importVars)
    {
        var name = mapping.Find("name")?.Value.Value is AnsibleString n ? n.Value : null;
        var hosts = mapping.Find("hosts")?.Value.Value switch
        {
            AnsibleString s => s.Value,
            AnsibleList list => string.Join(',', list.Items.OfType<AnsibleString>().Select(static s => s.Value)),
            null => throw new VarTraceException(mapping.Start, "play has no `hosts:`"),
            var other => other is AnsibleInt or AnsibleFloat ? ((YamlScalarNode)mapping.Find("hosts")!.Value).Text : string.Empty,
        };

        var roleReferences = ImmutableArray.CreateBuilder<RoleReference>();
        if (mapping.Find("roles")?.Value is YamlSequenceNode roleList)
        {
            foreach (var item in roleList.Items)
            {
                if (roles.ParseReference(item, RoleReferenceKind.PlayRoles) is { } reference) roleReferences.Add(reference);
            }
        }

        foreach (var section in TaskSections)
        {
            if (mapping.Find(section)?.Value is YamlSequenceNode tasks) CollectRoleTasks(tasks, roleReferences, depth: 0);
        }

        return new Play(
            number,
            name,
            mapping.Start,
            directory,
            hosts,
            ReadPlayVars(mapping.Find("vars")),
            importVars,
            ReadVarsPrompt(mapping.Find("vars_prompt")),
            ReadVarsFiles(mapping.Find("vars_files")),
            roleReferences.ToImmutable())
        {
            Serial = mapping.Find("serial")?.Value.Value switch
            {
                null or AnsibleNull => [],
                AnsibleList list => list.Items,
                var single => [single],
            },
            HostOrder = mapping.Find("order")?.Value.Value is AnsibleString order ? order.Value : "inventory",
        };
    }

    private ImmutableArray<Assignment> ReadPlayVars(YamlMappingEntry? entry)
    {
        switch (entry?.Value)
        {
            case null:
            case YamlScalarNode { Value: AnsibleNull }:
                return [];
            case YamlMappingNode mapping:
                return VarsFiles.ToAssignments(mapping);
            case YamlSequenceNode sequence:
                // playbook/base.py _load_vars: a list of dicts is merged in order.
                var builder = ImmutableArray.CreateBuilder<Assignment>();
                foreach (var item in sequence.Items)
                {
                    if (item is not YamlMappingNode itemMapping)
                    {
                        throw new VarTraceException(item.Start, "play `vars:` must be a mapping or a list of mappings");
                    }

                    builder.AddRange(VarsFiles.ToAssignments(itemMapping));
                }

                return builder.ToImmutable();
            default:
                throw new VarTraceException(entry.Value.Start, "play `vars:` must be a mapping or a list of mappings");
        }
    }

    private static ImmutableArray<Assignment> ReadVarsPrompt(YamlMappingEntry? entry)
    {
        if (entry?.Value is not YamlSequenceNode prompts) return [];
        var builder = ImmutableArray.CreateBuilder<Assignment>();
        foreach (var prompt in prompts.Items.OfType<YamlMappingNode>())
        {
            if (prompt.Find("name")?.Value.Value is not AnsibleString name) continue;

            // Without a TTY Ansible does not ask: the answer is to_text(default), so `default: 5`
            // is the string "5" and no default is the string "None" (2.14 utils/display.py).
            var value = prompt.Find("default")?.Value is { } defaultNode ? PythonRepr.Str(defaultNode.Value) : "None";
            builder.Add(new Assignment(name.Value, new AnsibleString(value), prompt.Start));
        }

        return builder.ToImmutable();
    }

    private static ImmutableArray<VarsFileEntry> ReadVarsFiles(YamlMappingEntry? entry)
    {
        if (entry?.Value is not YamlSequenceNode list) return [];
        var builder = ImmutableArray.CreateBuilder<VarsFileEntry>();
        foreach (var item in list.Items)
        {
            ImmutableArray<string> candidates = item switch
            {
                YamlScalarNode { Value: AnsibleString s } => [s.Value],
                YamlSequenceNode alternatives => [.. alternatives.Items.Select(static a => a.Value).OfType<AnsibleString>().Select(static s => s.Value)],
                _ => [],
            };
            if (!candidates.IsEmpty) builder.Add(new VarsFileEntry(candidates, item.Start));
        }

        return builder.ToImmutable();
    }

    private void CollectRoleTasks(YamlSequenceNode tasks, ImmutableArray<RoleReference>.Builder found, int depth)
    {
        if (depth > 64) return;
        foreach (var task in tasks.Items.OfType<YamlMappingNode>())
        {
            foreach (var section in BlockSections)
            {
                if (task.Find(section)?.Value is YamlSequenceNode inner) CollectRoleTasks(inner, found, depth + 1);
            }

            foreach (var entry in task.Entries)
            {
                if (entry.Key.Value is not AnsibleString action) continue;
                var isImport = ImportRoleActions.Contains(action.Value);
                if (!isImport && !IncludeRoleActions.Contains(action.Value)) continue;
                if (RoleTaskReference(task, entry, isImport) is { } reference) found.Add(reference);
            }
        }
    }

    private RoleReference? RoleTaskReference(YamlMappingNode task, YamlMappingEntry action, bool isImport)
    {
        if (action.Value is not YamlMappingNode arguments || arguments.Find("name")?.Value.Value is not AnsibleString name)
        {
            diagnostics.Add(new LoadDiagnostic(action.Key.Start, "import_role/include_role without a `name:` is ignored"));
            return null;
        }

        var isPublic = arguments.Find("public")?.Value.Value is AnsibleBool { Value: true };
        var kind = isImport ? RoleReferenceKind.ImportRole
            : isPublic ? RoleReferenceKind.IncludeRolePublic
            : RoleReferenceKind.IncludeRolePrivate;
        var vars = task.Find("vars")?.Value is YamlMappingNode varsMapping ? VarsFiles.ToAssignments(varsMapping) : [];
        return new RoleReference(
            name.Value,
            action.Key.Start,
            [],
            vars,
            RoleLoader.Conditions(task),
            arguments.Find("defaults_from")?.Value.Value is AnsibleString d ? d.Value : null,
            arguments.Find("vars_from")?.Value.Value is AnsibleString v ? v.Value : null,
            kind);
    }
}
