using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using VarTrace.Core.Inventory;
using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Model;
using VarTrace.Core.Project;
using VarTrace.Core.Values;

namespace VarTrace.Core.Precedence;

/// <summary>
/// Computes the variables of a host in a context the way ansible-core 2.14's
/// <c>VariableManager.get_vars()</c> folds its sources (steps A to P of <c>ansible-precedence.md</c>),
/// keeping every definition it folds in so the answer can be explained.
/// </summary>
public static class Resolver
{
    /// <summary>
    /// Picks the context: <paramref name="playNumber"/> (1-based) or the first play that targets the
    /// host; <paramref name="roleName"/> or play level.
    /// </summary>
    /// <exception cref="VarTraceException">The host, play or role does not exist or does not fit.</exception>
    public static ResolutionContext ChooseContext(Workspace workspace, string host, int? playNumber, string? roleName)
    {
        RequireHost(workspace, host);
        Play? play;
        if (playNumber is { } number)
        {
            if (number < 1 || number > workspace.Plays.Length)
            {
                throw new VarTraceException(null, $"--play {number} is out of range: `{workspace.Playbook}` has {workspace.Plays.Length} play(s)");
            }

            play = workspace.Plays[number - 1];
        }
        else
        {
            // With --role, the first play targeting the host that has the role; else the first play.
            play = workspace.PlaysFor(host).FirstOrDefault(p => roleName is null || FindChain(workspace, p, roleName) is not null)
                ?? (roleName is null ? null : workspace.PlaysFor(host).FirstOrDefault());
            if (play is null && workspace.Plays.Length > 0)
            {
                throw new VarTraceException(null, $"no play of `{workspace.Playbook}` targets host `{host}`; pass --play N to choose one ({string.Join(", ", workspace.Plays.Select(static p => $"{p.Number}: hosts `{p.Hosts}`"))})");
            }
        }

        if (roleName is null) return new ResolutionContext(play, null, []);
        if (play is null) throw new VarTraceException(null, $"--role `{roleName}` needs a play, and `{workspace.Playbook}` has none");
        if (FindChain(workspace, play, roleName) is { } found) return new ResolutionContext(play, found[^1], found);
        var available = play.Roles.Select(r => $"`{r.Name}`").Distinct().ToList();
        throw new VarTraceException(null, $"role `{roleName}` is not in {play.Title} (its roles: {(available.Count == 0 ? "none" : string.Join(", ", available))})");
    }

    /// <summary>Resolves every variable of <paramref name="host"/> in <paramref name="context"/>.</summary>
    public static Resolution Resolve(Workspace workspace, string host, ResolutionContext context)
    {
        RequireHost(workspace, host);
        var sources = Sources(workspace, host, context).ToImmutableArray();
        var applied = new Dictionary<string, List<AppliedDefinition>>(StringComparer.Ordinal);
        var order = 0;
        foreach (var source in sources)
        {
            foreach (var assignment in source.Assignments)
            {
                if (!applied.TryGetValue(assignment.Name, out var list)) applied[assignment.Name] = list = [];
                list.Add(new AppliedDefinition(source, assignment, order++));
            }
        }

        var merge = workspace.Config.HashBehaviour == HashBehaviour.Merge;
        var variables = applied.ToImmutableSortedDictionary(
            static p => p.Key,
            p => Fold(p.Key, p.Value, merge),
            StringComparer.Ordinal);
        return new Resolution(host, context, sources, variables);
    }

    private static ResolvedVariable Fold(string name, List<AppliedDefinition> definitions, bool merge)
    {
        var value = definitions[0].Assignment.Value;
        var merged = false;
        for (var i = 1; i < definitions.Count; i++)
        {
            var next = definitions[i].Assignment.Value;
            if (merge && value is AnsibleDict left && next is AnsibleDict right)
            {
                value = MergeHash(left, right);
                merged = true;
            }
            else
            {
                value = next;
                merged = false;
            }
        }

        return new ResolvedVariable(name, value, definitions[^1], [.. definitions], merged);
    }

    /// <summary><c>utils/vars.py merge_hash</c> with the default <c>list_merge=replace</c>.</summary>
    private static AnsibleDict MergeHash(AnsibleDict left, AnsibleDict right)
    {
        var entries = left.Entries.ToList();
        foreach (var entry in right.Entries)
        {
            var index = entries.FindIndex(e => e.Key.DeepEquals(entry.Key));
            if (index < 0) entries.Add(entry);
            else if (entries[index].Value is AnsibleDict l && entry.Value is AnsibleDict r) entries[index] = new(entry.Key, MergeHash(l, r));
            else entries[index] = new(entries[index].Key, entry.Value);
        }

        return new AnsibleDict([.. entries]);
    }

    private static void RequireHost(Workspace workspace, string host)
    {
        if (workspace.Inventory.Hosts.ContainsKey(host)) return;
        var known = workspace.Inventory.Hosts.Keys.Take(10).ToList();
        var more = workspace.Inventory.Hosts.Count > known.Count ? ", ..." : string.Empty;
        throw new VarTraceException(null, $"host `{host}` is not in the inventory (hosts: {(known.Count == 0 ? "none" : string.Join(", ", known) + more)})");
    }

    private static ImmutableArray<RoleInstance>? FindChain(Workspace workspace, Play play, string roleName)
    {
        foreach (var reference in play.Roles)
        {
            if (FindChain(workspace.Role(play, reference), roleName) is { } chain) return chain;
        }

        return null;
    }

    private static ImmutableArray<RoleInstance>? FindChain(RoleInstance instance, string roleName)
    {
        if (instance.Name == roleName) return [instance];
        foreach (var dependency in instance.Dependencies)
        {
            if (FindChain(dependency, roleName) is { } chain) return chain.Insert(0, instance);
        }

        return null;
    }

    /// <summary>The sources in fold order.</summary>
    private static List<VarSource> Sources(Workspace workspace, string hostName, ResolutionContext context)
    {
        var sources = new List<VarSource>();
        var inventory = workspace.Inventory;
        var host = inventory.Hosts[hostName];
        var play = context.Play;
        var playRoles = play is null
            ? []
            : play.Roles.Where(static r => r.Kind != RoleReferenceKind.IncludeRolePrivate).Select(r => workspace.Role(play, r)).ToList();

        // A, B: role defaults.
        var defaults = new List<VarSource>();
        foreach (var role in playRoles) AddDefaults(defaults, role, [], taskRole: false);
        if (context.Role is { } taskRole) AddDefaults(defaults, taskRole, context.DependencyChain, taskRole: true);
        foreach (var source in KeepLastOccurrence(defaults)) sources.Add(source);

        var groupNames = inventory.GroupsOf(hostName);
        var sortedGroups = inventory.SortForPrecedence(groupNames.Where(static g => g != "all")).ToList();
        var all = inventory.Groups["all"];

        // C: group variables, in the steps of the `precedence` setting (default C1..C6).
        foreach (var step in workspace.Config.GroupVarsSteps)
        {
            foreach (var source in GroupStep(workspace, step, play, all, sortedGroups)) sources.Add(source);
        }

        // D1: the inventory's host vars, then the host's own magic vars (host.py get_vars updates
        // vars with get_magic_vars, so these two win over an inline `inventory_hostname=`).
        sources.Add(new VarSource(PrecedenceLevel.InventoryFileHostVars, $"host `{hostName}` in the inventory", [.. InventoryPaths(workspace, host), .. host.Vars], SourceRank.None));
        sources.Add(new VarSource(PrecedenceLevel.InventoryFileHostVars, $"host `{hostName}` (set by Ansible)", HostMagic(host, groupNames), SourceRank.None));

        // D2, D3: host_vars directories.
        foreach (var source in inventory.Sources)
        {
            foreach (var file in workspace.EntityVars(source.VarsDirectory, "host_vars", hostName))
            {
                sources.Add(FileSource(PrecedenceLevel.InventoryHostVars, $"host `{hostName}`", file, new SourceRank(InventorySource: source.Index, InventorySourcePath: source.Path)));
            }
        }

        if (play is null) return sources;
        foreach (var file in workspace.EntityVars(play.PlaybookDirectory, "host_vars", hostName))
        {
            sources.Add(FileSource(PrecedenceLevel.PlaybookHostVars, $"host `{hostName}`", file, SourceRank.None));
        }

        // F: play vars, with vars_prompt answers written over them.
        sources.Add(new VarSource(PrecedenceLevel.PlayVars, $"{play.Title} `vars:`", play.Vars, SourceRank.None));
        var prompted = play.VarsPrompt.Where(p => !workspace.ExtraVars.Any(e => e.Find(p.Name) is not null)).ToImmutableArray();
        if (!prompted.IsEmpty) sources.Add(new VarSource(PrecedenceLevel.PlayVarsPrompt, $"{play.Title} `vars_prompt:` default (no terminal: not asked)", prompted, SourceRank.None));

        // G: vars_files in list order.
        // Entry names are templated with the variables folded so far plus extra vars and magic
        // variables (2.14 manager.py); a name that cannot be rendered is skipped, as Ansible skips it.
        if (!play.VarsFiles.IsEmpty)
        {
            var nameScope = new SourcesScope([.. sources, .. workspace.ExtraVars, new VarSource(PrecedenceLevel.Magic, "set by Ansible", SharedPlayMagic(workspace, play, context), SourceRank.None)]);
            var engine = new TemplateEngine(nameScope, EvaluationOptions.Ansible214);
            foreach (var entry in play.VarsFiles)
            {
                if (workspace.ReadVarsFilesEntry(play, entry, name => RenderName(engine, name)) is { } file) sources.Add(FileSource(PrecedenceLevel.PlayVarsFiles, $"{play.Title} `vars_files`", file, SourceRank.None));
            }
        }

        // H, I: role vars (unless private_role_vars), then the task's own role with its chain.
        var roleVars = new List<VarSource>();
        if (!workspace.Config.PrivateRoleVars)
        {
            foreach (var role in playRoles) AddVars(roleVars, role, [], taskRole: false);
        }

        if (context.Role is { } ownRole) AddVars(roleVars, ownRole, context.DependencyChain, taskRole: true);
        foreach (var source in KeepLastOccurrence(roleVars)) sources.Add(source);

        // M: role params along the task's dependency chain.
        foreach (var role in context.DependencyChain)
        {
            if (!role.Reference.Params.IsEmpty)
            {
                sources.Add(new VarSource(PrecedenceLevel.RoleParams, $"role `{role.Name}` params", role.Reference.Params, new SourceRank(Role: role.Name, IsTaskRole: role == context.Role)));
            }
        }

        // O: extra vars.
        foreach (var extra in workspace.ExtraVars) sources.Add(extra);

        // P: magic variables.
        sources.Add(new VarSource(PrecedenceLevel.Magic, "set by Ansible", SharedPlayMagic(workspace, play, context), SourceRank.None));
        return sources;
    }

    /// <summary>One step of <c>get_vars</c>'s group-variable phase (ansible-core 2.14 <c>vars/manager.py</c>).</summary>
    private static IEnumerable<VarSource> GroupStep(Workspace workspace, GroupVarsStep step, Play? play, InventoryGroup all, List<InventoryGroup> sortedGroups)
    {
        switch (step)
        {
            case GroupVarsStep.AllInventory:
                yield return InventoryGroupSource(all);
                break;
            case GroupVarsStep.GroupsInventory:
                foreach (var group in sortedGroups) yield return InventoryGroupSource(group);
                break;
            case GroupVarsStep.AllPluginsInventory:
                foreach (var source in InventoryDirectoryFiles(workspace, [all], PrecedenceLevel.InventoryGroupVarsAll)) yield return source;
                break;
            case GroupVarsStep.AllPluginsPlay:
                foreach (var source in PlaybookDirectoryFiles(workspace, play, [all], PrecedenceLevel.PlaybookGroupVarsAll)) yield return source;
                break;
            case GroupVarsStep.GroupsPluginsInventory:
                foreach (var source in InventoryDirectoryFiles(workspace, sortedGroups, PrecedenceLevel.InventoryGroupVars)) yield return source;
                break;
            case GroupVarsStep.GroupsPluginsPlay:
                foreach (var source in PlaybookDirectoryFiles(workspace, play, sortedGroups, PrecedenceLevel.PlaybookGroupVars)) yield return source;
                break;
            case GroupVarsStep.PluginsByGroups:
                foreach (var group in sortedGroups)
                {
                    foreach (var source in InventoryDirectoryFiles(workspace, [group], PrecedenceLevel.InventoryGroupVars)) yield return source;
                    foreach (var source in PlaybookDirectoryFiles(workspace, play, [group], PrecedenceLevel.PlaybookGroupVars)) yield return source;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, null);
        }

    }

    /// <summary><c>group_vars</c> next to each inventory source: per source, then per group (vars/plugins.py loops sources outermost).</summary>
    private static IEnumerable<VarSource> InventoryDirectoryFiles(Workspace workspace, IReadOnlyList<InventoryGroup> groups, PrecedenceLevel level)
    {
        foreach (var source in workspace.Inventory.Sources)
        {
            foreach (var group in groups)
            {
                foreach (var file in workspace.EntityVars(source.VarsDirectory, "group_vars", group.Name))
                {
                    yield return FileSource(level, $"group `{group.Name}`", file, GroupRank(group) with { InventorySource = source.Index, InventorySourcePath = source.Path });
                }
            }
        }
    }

    /// <summary><c>group_vars</c> next to the playbook of the play.</summary>
    private static IEnumerable<VarSource> PlaybookDirectoryFiles(Workspace workspace, Play? play, IReadOnlyList<InventoryGroup> groups, PrecedenceLevel level)
    {
        if (play is null) yield break;
        foreach (var group in groups)
        {
            foreach (var file in workspace.EntityVars(play.PlaybookDirectory, "group_vars", group.Name))
            {
                yield return FileSource(level, $"group `{group.Name}`", file, GroupRank(group));
            }
        }
    }

    private static string? RenderName(TemplateEngine engine, string name)
    {
        try
        {
            return engine.Template(new AnsibleString(name)) is AnsibleString rendered ? rendered.Value : null;
        }
        catch (TemplateError)
        {
            return null;
        }
    }

    /// <summary>The raw values of a list of sources folded in order (replace semantics), as a template scope.</summary>
    private sealed class SourcesScope(IEnumerable<VarSource> sources) : IVariableScope
    {
        private readonly Dictionary<string, AnsibleValue> _values = Fold(sources);

        public AnsibleValue? Raw(string name) => _values.GetValueOrDefault(name);

        private static Dictionary<string, AnsibleValue> Fold(IEnumerable<VarSource> sources)
        {
            var values = new Dictionary<string, AnsibleValue>(StringComparer.Ordinal);
            foreach (var assignment in sources.SelectMany(static s => s.Assignments)) values[assignment.Name] = assignment.Value;
            return values;
        }
    }

    /// <summary><c>ansible_version</c> of the modelled release (ansible-core 2.14.18, Debian bookworm).</summary>
    private static readonly AnsibleDict AnsibleVersion = new(
    [
        new(new AnsibleString("string"), new AnsibleString("2.14.18")),
        new(new AnsibleString("full"), new AnsibleString("2.14.18")),
        new(new AnsibleString("major"), AnsibleInt.Of(2)),
        new(new AnsibleString("minor"), AnsibleInt.Of(14)),
        new(new AnsibleString("revision"), AnsibleInt.Of(18)),
    ]);

    private static VarSource InventoryGroupSource(InventoryGroup group) =>
        new(PrecedenceLevel.InventoryFileGroupVars, $"group `{group.Name}` in the inventory", [.. group.Vars], GroupRank(group));

    private static SourceRank GroupRank(InventoryGroup group) =>
        new(Group: group.Name, GroupDepth: group.Depth, GroupPriority: group.Priority);

    private static VarSource FileSource(PrecedenceLevel level, string origin, VarsFile file, SourceRank rank) =>
        new(level, origin, file.Assignments, rank);

    private static void AddDefaults(List<VarSource> sources, RoleInstance role, ImmutableArray<RoleInstance> chain, bool taskRole)
    {
        // Role.get_default_vars(dep_chain): every dependency (post-order, each with its own
        // dependencies again), the chain's parents, then the role itself.
        foreach (var dependency in role.AllDependencies()) AddDefaults(sources, dependency, [], taskRole: false);
        foreach (var parent in chain) AddRoleFiles(sources, parent, parent.Files.Defaults, PrecedenceLevel.RoleDefaults, "defaults", taskRole && parent == role);
        AddRoleFiles(sources, role, role.Files.Defaults, PrecedenceLevel.RoleDefaults, "defaults", taskRole);
    }

    private static void AddVars(List<VarSource> sources, RoleInstance role, ImmutableArray<RoleInstance> chain, bool taskRole)
    {
        // Role.get_vars(dep_chain, include_params=False): the chain's `vars:` keywords and vars/
        // files, every dependency's vars, then the role's `vars:` keyword and finally its vars/ files.
        foreach (var parent in chain)
        {
            AddRoleKeywordVars(sources, parent, taskRole && parent == role);
            AddRoleFiles(sources, parent, parent.Files.Vars, PrecedenceLevel.RoleVars, "vars", taskRole && parent == role);
        }

        foreach (var dependency in role.AllDependencies()) AddVars(sources, dependency, [], taskRole: false);
        AddRoleKeywordVars(sources, role, taskRole);
        AddRoleFiles(sources, role, role.Files.Vars, PrecedenceLevel.RoleVars, "vars", taskRole);
    }

    private static void AddRoleKeywordVars(List<VarSource> sources, RoleInstance role, bool taskRole)
    {
        if (role.Reference.Vars.IsEmpty) return;
        sources.Add(new VarSource(PrecedenceLevel.RoleVars, $"role `{role.Name}` entry `vars:`", role.Reference.Vars, new SourceRank(Role: role.Name, IsTaskRole: taskRole)));
    }

    private static void AddRoleFiles(List<VarSource> sources, RoleInstance role, ImmutableArray<VarsFile> files, PrecedenceLevel level, string kind, bool taskRole)
    {
        foreach (var file in files)
        {
            sources.Add(new VarSource(level, $"role `{role.Name}` {kind}", file.Assignments, new SourceRank(Role: role.Name, IsTaskRole: taskRole)));
        }
    }

    /// <summary>
    /// Ansible re-applies the same role files several times (once per dependency path, again for the
    /// task's role). Re-applying a source only matters where it last happened, so keep that one.
    /// </summary>
    private static List<VarSource> KeepLastOccurrence(List<VarSource> sources)
    {
        var lastIndex = new Dictionary<(string, ImmutableArray<Assignment>), int>();
        for (var i = 0; i < sources.Count; i++) lastIndex[(sources[i].Origin, sources[i].Assignments)] = i;
        return [.. sources.Where((s, i) => lastIndex[(s.Origin, s.Assignments)] == i)];
    }

    /// <summary>
    /// <c>inventory_file</c> and <c>inventory_dir</c>: InventoryData.add_host sets them from the first
    /// source file that declares the host, before its inline vars (so an inline var can override them).
    /// </summary>
    private static IEnumerable<Assignment> InventoryPaths(Workspace workspace, InventoryHost host)
    {
        if (host.Location is not { } location || location.File.Length == 0) yield break;
        var file = workspace.Files.FullPath(location.File);
        yield return new Assignment("inventory_file", new AnsibleString(file), location);
        yield return new Assignment("inventory_dir", new AnsibleString(Path.GetDirectoryName(file) ?? string.Empty), location);
    }

    private static ImmutableArray<Assignment> HostMagic(InventoryHost host, IReadOnlySet<string> groups)
    {
        var location = host.Location ?? default;
        var shortName = host.Name.Split('.')[0];
        var groupNames = groups.Where(static g => g != "all").Order(StringComparer.Ordinal).Select(static g => (AnsibleValue)new AnsibleString(g));
        return
        [
            new Assignment("inventory_hostname", new AnsibleString(host.Name), location),
            new Assignment("inventory_hostname_short", new AnsibleString(shortName), location),
            new Assignment("group_names", new AnsibleList([.. groupNames]), location),
        ];
    }

    /// <summary>
    /// The play's magic variables depend on the play and role, not the host, and <c>groups</c> alone
    /// lists every host of every group: build them once per workspace and context, not per host.
    /// </summary>
    private static ImmutableArray<Assignment> SharedPlayMagic(Workspace workspace, Play? play, ResolutionContext context)
    {
        var cache = PlayMagicCache.GetOrCreateValue(workspace);
        var key = (play?.Number ?? 0, context.Role);
        if (!cache.TryGetValue(key, out var magic)) cache[key] = magic = PlayMagic(workspace, play, context);
        return magic;
    }

    private static readonly ConditionalWeakTable<Workspace, Dictionary<(int Play, RoleInstance? Role), ImmutableArray<Assignment>>> PlayMagicCache = new();

    private static ImmutableArray<Assignment> PlayMagic(Workspace workspace, Play? play, ResolutionContext context)
    {
        var inventory = workspace.Inventory;
        var nowhere = SourceLocation.WholeFile(string.Empty);
        var groups = inventory.Groups.Keys.Order(StringComparer.Ordinal).Select(g => new KeyValuePair<AnsibleValue, AnsibleValue>(
            new AnsibleString(g),
            new AnsibleList([.. HostPattern.Match(inventory, g) is { } hosts ? hosts.Select(static h => (AnsibleValue)new AnsibleString(h)) : []])));
        var magic = new List<Assignment>
        {
            new("groups", new AnsibleDict([.. groups]), nowhere),

            // The placeholder ends in a random hash per run; only its prefix is stable.
            new("omit", new AnsibleString("__omit_place_holder__"), nowhere),
            new("ansible_version", AnsibleVersion, nowhere),

            // Every host's variables computed without play context (vars/hostvars.py); not modelled
            // yet, so reading it is honestly unknown rather than undefined.
            new("hostvars", new AnsibleUnknown("`hostvars` (other hosts' variables) is not modelled yet"), nowhere),
        };
        if (play is not null)
        {
            magic.Add(new Assignment("playbook_dir", new AnsibleString(workspace.Files.FullPath(play.PlaybookDirectory)), nowhere));
            magic.Add(new Assignment("ansible_play_name", play.Name is null ? new AnsibleString(play.Hosts) : new AnsibleString(play.Name), nowhere));
            var playRoles = play.Roles.Where(static r => r.Kind != RoleReferenceKind.IncludeRolePrivate).ToList();
            // One name per play.roles entry: a role listed twice is named twice (2.14 play.get_roles()).
            var roleNames = new AnsibleList([.. playRoles.Select(static r => (AnsibleValue)new AnsibleString(r.Name))]);
            var dependencyNames = playRoles.SelectMany(r => workspace.Role(play, r).AllDependencies()).Select(static d => d.Name).Distinct();
            magic.Add(new Assignment("ansible_play_role_names", roleNames, nowhere));
            magic.Add(new Assignment("role_names", roleNames, nowhere));
            magic.Add(new Assignment("ansible_dependent_role_names", new AnsibleList([.. dependencyNames.Select(static n => (AnsibleValue)new AnsibleString(n))]), nowhere));

            // Without serial or failed hosts, the batch and the remaining hosts are all the play's hosts.
            var playHosts = new AnsibleList([.. (HostPattern.Match(inventory, play.Hosts) ?? []).Select(static h => (AnsibleValue)new AnsibleString(h))]);
            foreach (var name in (string[])["ansible_play_hosts_all", "ansible_play_hosts", "ansible_play_batch", "play_hosts"])
            {
                magic.Add(new Assignment(name, playHosts, nowhere));
            }
        }

        if (context.Role is { } role)
        {
            magic.Add(new Assignment("role_name", new AnsibleString(role.Name), nowhere));
            magic.Add(new Assignment("ansible_role_name", new AnsibleString(role.Name), nowhere));
            magic.Add(new Assignment("role_path", new AnsibleString(workspace.Files.FullPath(role.Files.Directory)), nowhere));
        }

        return [.. magic];
    }
}
