using VarTrace.Core.Model;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;

namespace VarTrace.Core.Explain;

/// <summary>
/// Finds the definitions of a variable anywhere in the checkout that do not apply to the explained
/// host and context, each with the reason: another group or host, a file shadowed by Ansible's
/// first-found rule, a role or play not in the context, group_vars of another playbook directory.
/// </summary>
internal static class NotApplicableDefinitions
{
    private static readonly string[] EntityExtensions = [".yml", ".yaml", ".json"];

    public static IEnumerable<DefinitionExplanation> Find(Workspace workspace, Resolution resolution, string variable)
    {
        var results = new List<DefinitionExplanation>();
        var host = resolution.Host;
        var inventory = workspace.Inventory;
        var hostGroups = inventory.GroupsOf(host);

        foreach (var group in inventory.Groups.Values.Where(g => !hostGroups.Contains(g.Name)))
        {
            foreach (var assignment in group.Vars.Where(a => a.Name == variable))
            {
                results.Add(NotApplicable(PrecedenceLevel.InventoryFileGroupVars, $"group `{group.Name}` in the inventory", assignment, $"host `{host}` is not in group `{group.Name}`"));
            }
        }

        foreach (var other in inventory.Hosts.Values.Where(h => h.Name != host))
        {
            foreach (var assignment in other.Vars.Where(a => a.Name == variable))
            {
                results.Add(NotApplicable(PrecedenceLevel.InventoryFileHostVars, $"host `{other.Name}` in the inventory", assignment, $"set for host `{other.Name}`, not `{host}`"));
            }
        }

        var play = resolution.Context.Play;
        var baseDirectories = inventory.Sources.Select(static s => s.VarsDirectory)
            .Concat(workspace.Plays.Select(static p => p.PlaybookDirectory))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var directory in baseDirectories)
        {
            var isInventoryDirectory = inventory.Sources.Any(s => s.VarsDirectory == directory);
            var otherPlaybookDirectory = !isInventoryDirectory && play is not null && play.PlaybookDirectory != directory;
            ScanEntityDirectory(workspace, directory, "group_vars", variable, results, entity =>
                otherPlaybookDirectory ? $"group_vars next to `{Dir(directory)}` are read only for plays of playbooks there; {play!.Title} is in `{Dir(play.PlaybookDirectory)}`"
                : !inventory.Groups.ContainsKey(entity) ? $"the inventory has no group `{entity}`"
                : !hostGroups.Contains(entity) ? $"host `{host}` is not in group `{entity}`"
                : null);
            ScanEntityDirectory(workspace, directory, "host_vars", variable, results, entity =>
                otherPlaybookDirectory ? $"host_vars next to `{Dir(directory)}` are read only for plays of playbooks there; {play!.Title} is in `{Dir(play.PlaybookDirectory)}`"
                : entity != host ? (inventory.Hosts.ContainsKey(entity) ? $"set for host `{entity}`, not `{host}`" : $"the inventory has no host `{entity}`")
                : null);
        }

        AddRolesAndPlays(workspace, resolution, variable, results);
        return results;
    }

    private static string Dir(string directory) => directory.Length == 0 ? "." : directory;

    private static void ScanEntityDirectory(Workspace workspace, string baseDirectory, string kind, string variable, List<DefinitionExplanation> results, Func<string, string?> reasonFor)
    {
        var files = workspace.Files;
        var isInventoryDirectory = workspace.Inventory.Sources.Any(s => s.VarsDirectory == baseDirectory);
        var level = (kind, isInventoryDirectory) switch
        {
            ("group_vars", true) => PrecedenceLevel.InventoryGroupVars,
            ("group_vars", false) => PrecedenceLevel.PlaybookGroupVars,
            (_, true) => PrecedenceLevel.InventoryHostVars,
            _ => PrecedenceLevel.PlaybookHostVars,
        };
        var entities = files.List(ProjectFiles.Combine(baseDirectory, kind))
            .Select(static path => path[(path.LastIndexOf('/') + 1)..])
            .Where(static name => !name.StartsWith('.') && !name.EndsWith('~'))
            .Select(static name => EntityExtensions.FirstOrDefault(name.EndsWith) is { } ext ? name[..^ext.Length] : name)
            .Distinct(StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            var reason = reasonFor(entity);
            if (reason is not null)
            {
                foreach (var file in Read(workspace, () => workspace.EntityVars(baseDirectory, kind, entity)))
                {
                    AddIfDefines(file, variable, level, reason, results, origin: Origin(kind, entity));
                }
            }

            foreach (var (path, readInstead) in workspace.ShadowedEntityFiles(baseDirectory, kind, entity))
            {
                var shadowReason = $"never read: Ansible uses only the first of `{entity}`, `{entity}.yml`, `{entity}.yaml`, `{entity}.json` that exists, and `{readInstead}` exists";
                var shadowedFiles = files.DirectoryExists(path)
                    ? VarsFiles.Find(files, ProjectFiles.DirectoryOf(path), entity, [""])
                    : [path];
                foreach (var file in shadowedFiles.SelectMany(p => Read(workspace, () => [VarsFiles.Read(files, p)])))
                {
                    AddIfDefines(file, variable, level, shadowReason, results, origin: Origin(kind, entity));
                }
            }
        }
    }

    private static string Origin(string kind, string entity) => kind == "group_vars" ? $"group `{entity}`" : $"host `{entity}`";

    private static void AddRolesAndPlays(Workspace workspace, Resolution resolution, string variable, List<DefinitionExplanation> results)
    {
        var context = resolution.Context;
        var seen = new HashSet<(PrecedenceLevel, SourceLocation)>();
        foreach (var play in workspace.Plays)
        {
            var isContextPlay = play == context.Play;
            if (!isContextPlay)
            {
                var otherPlay = $"set in {play.Title}; explaining {(context.Play?.Title ?? "no play")}";
                foreach (var assignment in play.Vars.Where(a => a.Name == variable)) results.Add(NotApplicable(PrecedenceLevel.PlayVars, $"{play.Title} `vars:`", assignment, otherPlay));
                foreach (var assignment in play.ImportVars.Where(a => a.Name == variable)) results.Add(NotApplicable(PrecedenceLevel.PlayVars, $"{play.Title} `import_playbook` vars", assignment, otherPlay));
                foreach (var assignment in play.VarsPrompt.Where(a => a.Name == variable)) results.Add(NotApplicable(PrecedenceLevel.PlayVarsPrompt, $"{play.Title} `vars_prompt:`", assignment, otherPlay));
            }

            foreach (var reference in play.Roles)
            {
                RoleInstance instance;
                try
                {
                    instance = workspace.Role(play, reference);
                }
                catch (VarTraceException)
                {
                    continue; // reported when that play is resolved
                }

                foreach (var role in Flatten(instance))
                {
                    var outside = !isContextPlay ? $"role `{role.Name}` is in {play.Title}, not in {(context.Play?.Title ?? "any play explained")}"
                        : reference.Kind == RoleReferenceKind.IncludeRolePrivate && !context.DependencyChain.Contains(role) ? $"`include_role` of `{role.Name}` without `public: yes`: its variables reach only its own tasks"
                        : null;
                    if (outside is not null)
                    {
                        foreach (var file in role.Files.Defaults) AddIfDefines(file, variable, PrecedenceLevel.RoleDefaults, outside, results, seen, $"role `{role.Name}` defaults");
                        foreach (var file in role.Files.Vars) AddIfDefines(file, variable, PrecedenceLevel.RoleVars, outside, results, seen, $"role `{role.Name}` vars");
                    }

                    if (!context.DependencyChain.Contains(role))
                    {
                        var paramsReason = outside ?? $"role params reach only the tasks of role `{role.Name}` and its dependencies; explaining {context.Describe()}";
                        foreach (var assignment in role.Reference.Params.Where(a => a.Name == variable))
                        {
                            if (seen.Add((PrecedenceLevel.RoleParams, assignment.Location))) results.Add(NotApplicable(PrecedenceLevel.RoleParams, $"role `{role.Name}` params", assignment, paramsReason));
                        }
                    }
                }
            }
        }
    }

    private static IEnumerable<RoleInstance> Flatten(RoleInstance instance) => instance.AllDependencies().Append(instance);

    private static IEnumerable<VarsFile> Read(Workspace workspace, Func<IEnumerable<VarsFile>> read)
    {
        try
        {
            return [.. read()];
        }
        catch (VarTraceException e)
        {
            // A broken file that does not apply here must not block the answer: report and go on.
            workspace.Diagnostics.Add(new LoadDiagnostic(e.Location ?? default, e.Message));
            return [];
        }
    }

    private static void AddIfDefines(VarsFile file, string variable, PrecedenceLevel level, string reason, List<DefinitionExplanation> results, HashSet<(PrecedenceLevel, SourceLocation)>? seen = null, string? origin = null)
    {
        foreach (var assignment in file.Assignments.Where(a => a.Name == variable))
        {
            if (seen is null || seen.Add((level, assignment.Location))) results.Add(NotApplicable(level, origin ?? file.Path, assignment, reason));
        }
    }

    private static DefinitionExplanation NotApplicable(PrecedenceLevel level, string origin, Assignment assignment, string reason) =>
        new(level, origin, assignment, DefinitionStatus.NotApplicable, reason);
}
