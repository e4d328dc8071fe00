using System.Collections.Frozen;
using System.Collections.Immutable;
using VarTrace.Core.Model;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Project;

/// <summary>
/// Finds roles and reads their <c>defaults/</c>, <c>vars/</c> and <c>meta/main.yml</c>, the way
/// ansible-core 2.14's <c>Role</c> and <c>RoleDefinition</c> load them. Each role directory is read once.
/// </summary>
public sealed class RoleLoader(ProjectFiles files, AnsibleConfig config, List<LoadDiagnostic> diagnostics)
{
    /// <summary>
    /// Keys of a role entry that are keywords (attributes of <c>RoleDefinition</c>: Base, Conditional,
    /// Taggable, CollectionSearch); every other key is a role param.
    /// </summary>
    private static readonly FrozenSet<string> RoleKeywords = FrozenSet.Create(
        StringComparer.Ordinal,
        "role", "name", "vars", "when", "tags", "collections", "connection", "port", "remote_user",
        "module_defaults", "environment", "no_log", "run_once", "ignore_errors", "ignore_unreachable",
        "check_mode", "diff", "any_errors_fatal", "throttle", "timeout", "debugger", "become",
        "become_method", "become_user", "become_flags", "become_exe", "delegate_to", "delegate_facts");

    /// <summary>Candidates for <c>defaults/main</c> and <c>vars/main</c>: unlike group_vars, the file beats a directory.</summary>
    private static readonly string[] MainExtensions = [".yml", ".yaml", ".json", ""];

    private readonly Dictionary<(string Directory, string? DefaultsFrom, string? VarsFrom), RoleFiles> _cache = [];

    /// <summary>
    /// Parses a role entry (<c>- name</c>, <c>- role: name</c>, <c>- {role: name, param: 1}</c>).
    /// Returns null, with a diagnostic, for an entry that names no role.
    /// </summary>
    public RoleReference? ParseReference(YamlNode node, RoleReferenceKind kind)
    {
        switch (node)
        {
            case YamlScalarNode { Value: AnsibleString name }:
                return new RoleReference(name.Value, node.Start, [], [], [], null, null, kind);
            case YamlMappingNode mapping:
                var nameEntry = mapping.Find("role") ?? mapping.Find("name");
                if (nameEntry?.Value.Value is not AnsibleString roleName)
                {
                    diagnostics.Add(new LoadDiagnostic(node.Start, "role entry has no `role:` or `name:`; it is ignored"));
                    return null;
                }

                var parameters = ImmutableArray.CreateBuilder<Assignment>();
                var vars = ImmutableArray<Assignment>.Empty;
                foreach (var entry in mapping.Entries)
                {
                    if (entry.Key.Value is not AnsibleString key) continue;
                    if (key.Value == "vars" && entry.Value is YamlMappingNode varsMapping) vars = VarsFiles.ToAssignments(varsMapping);
                    else if (!RoleKeywords.Contains(key.Value)) parameters.Add(new Assignment(key.Value, entry.Value.Value, entry.Key.Start));
                }

                return new RoleReference(roleName.Value, node.Start, parameters.ToImmutable(), vars, Conditions(mapping), null, null, kind);
            default:
                diagnostics.Add(new LoadDiagnostic(node.Start, "role entry must be a name or a mapping; it is ignored"));
                return null;
        }
    }

    /// <summary>The <c>when:</c> of a mapping as a list of condition strings.</summary>
    public static ImmutableArray<string> Conditions(YamlMappingNode mapping) => mapping.Find("when")?.Value switch
    {
        null => [],
        YamlSequenceNode sequence => [.. sequence.Items.Select(static i => i is YamlScalarNode s ? s.Text : string.Empty)],
        YamlScalarNode scalar => [scalar.Text],
        _ => [],
    };

    /// <summary>
    /// Instantiates a role with its dependencies. <paramref name="playbookDirectory"/> is the
    /// directory of the playbook that references it (its <c>roles/</c> is searched first).
    /// </summary>
    /// <exception cref="VarTraceException">The role cannot be found, a file of it is broken, or it depends on itself.</exception>
    public RoleInstance Instantiate(RoleReference reference, string playbookDirectory) =>
        Instantiate(reference, playbookDirectory, ImmutableStack<string>.Empty);

    private RoleInstance Instantiate(RoleReference reference, string playbookDirectory, ImmutableStack<string> parents)
    {
        if (AnsibleValue.HasJinjaMarkup(reference.Name))
        {
            throw new VarTraceException(reference.Location, $"role name `{reference.Name}` is a template; VarTrace cannot tell which role it names");
        }

        var directory = FindRole(reference, playbookDirectory);
        if (parents.Contains(directory))
        {
            throw new VarTraceException(reference.Location, $"role `{reference.Name}` depends on itself (through {string.Join(" -> ", parents.Reverse().Append(directory))})");
        }

        if (parents.Count() > 64)
        {
            throw new VarTraceException(reference.Location, "role dependencies are nested more than 64 deep");
        }

        var roleFiles = Read(reference, directory);
        var inner = parents.Push(directory);
        var dependencies = roleFiles.Dependencies
            .Select(dependency => Instantiate(dependency, playbookDirectory, inner))
            .ToImmutableArray();
        return new RoleInstance(roleFiles, reference, dependencies);
    }

    private string FindRole(RoleReference reference, string playbookDirectory)
    {
        // ansible-core 2.14 RoleDefinition._load_role_path: <playbook dir>/roles, roles_path, then the
        // playbook dir itself. Default roles_path entries outside the checkout are not searched.
        var searchPaths = new List<string> { ProjectFiles.Combine(playbookDirectory, "roles") };
        searchPaths.AddRange(config.RolesPath.Where(static p => !p.StartsWith('/') && !p.StartsWith('~')));
        searchPaths.Add(playbookDirectory);
        foreach (var path in searchPaths)
        {
            var candidate = ProjectFiles.Combine(path, reference.Name);
            if (files.DirectoryExists(candidate)) return candidate;
        }

        throw new VarTraceException(
            reference.Location,
            $"role `{reference.Name}` not found; searched {string.Join(", ", searchPaths.Select(static p => $"`{(p.Length == 0 ? "." : p)}`"))}");
    }

    private RoleFiles Read(RoleReference reference, string directory)
    {
        var key = (directory, reference.DefaultsFrom, reference.VarsFrom);
        if (_cache.TryGetValue(key, out var cached)) return cached;
        var meta = ReadMeta(directory);
        var roleFiles = new RoleFiles(
            reference.Name,
            directory,
            ReadVarsDirectory(ProjectFiles.Combine(directory, "defaults"), reference.DefaultsFrom),
            ReadVarsDirectory(ProjectFiles.Combine(directory, "vars"), reference.VarsFrom),
            meta.Dependencies,
            meta.AllowDuplicates);
        _cache[key] = roleFiles;
        return roleFiles;
    }

    private ImmutableArray<VarsFile> ReadVarsDirectory(string directory, string? from)
    {
        // Role._load_role_yaml: `main` with .yml/.yaml/.json before the bare name (file or
        // directory); an explicit *_from name is tried bare first.
        IReadOnlyList<string> extensions = from is null ? MainExtensions : ["", .. VarsFiles.YamlExtensions];
        var found = VarsFiles.Find(files, directory, from ?? "main", extensions);
        if (from is not null && found.Count == 0)
        {
            throw new VarTraceException(SourceLocation.WholeFile(directory), $"`{from}` not found in `{directory}`");
        }

        return [.. found.Select(path => VarsFiles.Read(files, path))];
    }

    private (ImmutableArray<RoleReference> Dependencies, bool AllowDuplicates) ReadMeta(string directory)
    {
        var found = VarsFiles.Find(files, ProjectFiles.Combine(directory, "meta"), "main", MainExtensions, allowDirectory: false);
        if (found.Count == 0) return ([], false);
        var yaml = files.LoadData(found[0]);
        if (yaml.Documents.IsEmpty || yaml.Documents[0] is not YamlMappingNode meta) return ([], false);
        var allowDuplicates = meta.Find("allow_duplicates")?.Value.Value is AnsibleBool { Value: true };
        if (meta.Find("dependencies")?.Value is not YamlSequenceNode dependencies) return ([], allowDuplicates);
        var references = dependencies.Items
            .Select(item => ParseReference(item, RoleReferenceKind.Dependency))
            .OfType<RoleReference>()
            .ToImmutableArray();
        return (references, allowDuplicates);
    }
}
