using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using VarTrace.Core.Inventory;
using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Model;
using VarTrace.Core.Project;
using VarTrace.Core.Tasks;
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
        var table = new VariableTable(sources, workspace.Config.HashBehaviour == HashBehaviour.Merge, NameOrders.GetOrCreateValue(workspace));
        return new Resolution(host, context, sources, table) { TemplateResults = workspace.TemplateResults };
    }

    private static readonly ConditionalWeakTable<Workspace, NameOrder> NameOrders = new();

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
        var play = context.Play;
        var roleSources = RoleContextSources(workspace, context);

        // A, B: role defaults.
        sources.AddRange(roleSources.Defaults);

        // C: group variables, in the steps of the `precedence` setting (default C1..C6).
        sources.AddRange(GroupSources(workspace, hostName, context).Sources);

        // D1-D3: the host's own inventory vars, magic vars and host_vars files.
        sources.AddRange(HostSources(workspace, hostName, context).Sources);
        if (play is null) return sources;
        if (context.IsHostvars)
        {
            AddRuntimeSources(sources, context, hostName);
            var hostvarsExtraStart = sources.Count;
            sources.AddRange(workspace.ExtraVars);
            InGroup(sources, hostvarsExtraStart, "extra vars");
            sources.Add(new VarSource(PrecedenceLevel.Magic, "set by Ansible", PlayMagic(workspace, hostName, play, context), SourceRank.None));
            return sources;
        }

        // F: play vars, with vars_prompt answers written over them.
        // import_playbook vars are a plain dict union over the play's vars (playbook_include.py).
        var playVarsStart = sources.Count;
        sources.Add(new VarSource(PrecedenceLevel.PlayVars, $"{play.Title} `vars:`", play.Vars, SourceRank.None));
        if (!play.ImportVars.IsEmpty)
        {
            sources.Add(new VarSource(PrecedenceLevel.PlayVars, $"{play.Title} `import_playbook` vars", play.ImportVars, SourceRank.None) { ReplacesWithinGroup = true });
        }

        InGroup(sources, playVarsStart, "play vars");
        var prompted = play.VarsPrompt.Where(p => !workspace.ExtraVars.Any(e => e.Find(p.Name) is not null)).ToImmutableArray();
        if (!prompted.IsEmpty) sources.Add(new VarSource(PrecedenceLevel.PlayVarsPrompt, $"{play.Title} `vars_prompt:` default (no terminal: not asked)", prompted, SourceRank.None));

        // G: vars_files in list order.
        // Entry names are templated with the variables folded so far plus extra vars and magic
        // variables (2.14 manager.py); a name that cannot be rendered is skipped, as Ansible skips it.
        if (!play.VarsFiles.IsEmpty)
        {
            var nameScope = new SourcesScope([.. sources, .. workspace.ExtraVars, new VarSource(PrecedenceLevel.Magic, "set by Ansible", PlayMagic(workspace, hostName, play, context), SourceRank.None)]);
            var engine = new TemplateEngine(nameScope, EvaluationOptions.Ansible214);
            foreach (var entry in play.VarsFiles)
            {
                if (workspace.ReadVarsFilesEntry(play, entry, name => RenderName(engine, name)) is { } file) sources.Add(FileSource(PrecedenceLevel.PlayVarsFiles, $"{play.Title} `vars_files`", file, SourceRank.None));
            }
        }

        // H, I: role vars (unless private_role_vars), then the task's own role with its chain.
        sources.AddRange(roleSources.Vars);

        // J: vars of every enclosing block and include, then the task's own, as one plain dict
        // update chain (task.py get_vars), folded in as one step.
        var taskVars = context.Task?.AllVars ?? context.Scope?.Vars ?? [];
        if (!taskVars.IsEmpty)
        {
            var owner = context.Task is { } task ? task.Describe() : $"the tasks of role `{context.Role?.Name}`";
            sources.Add(new VarSource(PrecedenceLevel.TaskVars, $"block and task `vars:` of {owner}", taskVars, SourceRank.None)
            {
                MergeGroup = ["task vars"],
                ReplacesWithinGroup = true,
            });
        }

        // K, L: what earlier tasks wrote to this host.
        AddRuntimeSources(sources, context, hostName);

        // M: role params along the task's dependency chain, combined by get_role_params().
        var paramsStart = sources.Count;
        foreach (var role in context.DependencyChain)
        {
            if (!role.Reference.Params.IsEmpty)
            {
                sources.Add(new VarSource(PrecedenceLevel.RoleParams, $"role `{role.Name}` params", role.Reference.Params, new SourceRank(Role: role.Name, IsTaskRole: role == context.Role)));
            }
        }

        InGroup(sources, paramsStart, "role params");

        // N: include params of the enclosing include_tasks/include_role (task.py get_include_params).
        if (context.Scope is { IncludeParams.IsEmpty: false } scope)
        {
            var owner = context.Task is { } included ? included.Describe() : $"the tasks of role `{context.Role?.Name}`";
            sources.Add(new VarSource(PrecedenceLevel.IncludeParams, $"include params of {owner}", scope.IncludeParams, SourceRank.None)
            {
                MergeGroup = ["include params"],
                ReplacesWithinGroup = true,
            });
        }

        // O: extra vars, combined into one dict when the command line is read.
        var extraStart = sources.Count;
        sources.AddRange(workspace.ExtraVars);
        InGroup(sources, extraStart, "extra vars");

        // P: magic variables.
        sources.Add(new VarSource(PrecedenceLevel.Magic, "set by Ansible", PlayMagic(workspace, hostName, play, context), SourceRank.None));

        // The executor adds the loop variables of the current iteration on top of get_vars().
        if (!context.LoopVars.IsEmpty) sources.Add(new VarSource(PrecedenceLevel.Magic, "loop variable of the current iteration", context.LoopVars, SourceRank.None));
        return sources;
    }

    /// <summary>
    /// Steps D1 to D3 for <paramref name="hostName"/>: its inventory vars, then its own magic vars
    /// (host.py get_vars updates vars with get_magic_vars, so these two win over an inline
    /// <c>inventory_hostname=</c>), then its host_vars files beside the inventory and, in a play,
    /// beside the playbook. They depend on the host and the play-side directories only, so every
    /// context of the host shares them.
    /// </summary>
    private static SourceLayer HostSources(Workspace workspace, string hostName, ResolutionContext context)
    {
        var playSide = PlaySideDirectories(workspace, context);
        var key = $"{hostName}\0{(context.Play is null ? "\u0001" : string.Join('\n', playSide))}";
        return HostSourcesCache.GetOrCreateValue(workspace).GetOrAdd(key, _ =>
        {
            var host = workspace.Inventory.Hosts[hostName];
            var sources = new List<VarSource>
            {
                new(PrecedenceLevel.InventoryFileHostVars, $"host `{hostName}` in the inventory", [.. InventoryPaths(workspace, host), .. host.Vars], SourceRank.None),
            };
            var atStart = workspace.Config.VarsPluginsAtStart;
            if (atStart)
            {
                AddHostVarsBesideInventory(workspace, sources, hostName, PrecedenceLevel.InventoryFileHostVars, " (read at inventory load: run_vars_plugins=start)");
                InGroup(sources, 1, "vars files");
                InGroup(sources, 0, "host at inventory load");
            }

            sources.Add(new VarSource(PrecedenceLevel.InventoryFileHostVars, $"host `{hostName}` (set by Ansible)", HostMagic(host, GroupsOf(workspace, hostName).Names), SourceRank.None));
            InGroup(sources, 0, "host inventory vars");
            if (atStart) return new SourceLayer([.. sources]);

            // D2, D3: host_vars directories.
            var hostVarsStart = sources.Count;
            AddHostVarsBesideInventory(workspace, sources, hostName, PrecedenceLevel.InventoryHostVars, string.Empty);
            InGroup(sources, hostVarsStart, "host_vars beside the inventory");
            if (context.Play is null) return new SourceLayer([.. sources]);
            var playbookHostVarsStart = sources.Count;
            foreach (var directory in playSide)
            {
                var directoryStart = sources.Count;
                foreach (var file in workspace.EntityVars(directory, "host_vars", hostName))
                {
                    sources.Add(FileSource(PrecedenceLevel.PlaybookHostVars, $"host `{hostName}`", file, SourceRank.None));
                }

                InGroup(sources, directoryStart, $"directory {directory}");
            }

            InGroup(sources, playbookHostVarsStart, "host_vars beside the playbook");
            return new SourceLayer([.. sources]);
        });
    }

    private static readonly ConditionalWeakTable<Workspace, ConcurrentDictionary<string, SourceLayer>> HostSourcesCache = new();

    /// <summary>The groups of a host (with their ancestors), and a key naming that set, computed once per host.</summary>
    private static (IReadOnlySet<string> Names, string Key) GroupsOf(Workspace workspace, string hostName) =>
        HostGroupsCache.GetOrCreateValue(workspace).GetOrAdd(hostName, static (host, inventory) =>
        {
            var names = inventory.GroupsOf(host);
            return (names, string.Join('\n', names.Order(StringComparer.Ordinal)));
        }, workspace.Inventory);

    private static readonly ConditionalWeakTable<Workspace, ConcurrentDictionary<string, (IReadOnlySet<string>, string)>> HostGroupsCache = new();

    /// <summary>
    /// The parts of <paramref name="hostName"/>'s variables at <paramref name="context"/> that are
    /// particular to the host (see <see cref="HostLayers"/>), or null when hosts cannot be compared
    /// that way: under <c>hash_behaviour=merge</c> every definition counts, not only the topmost,
    /// and a play's <c>vars_files</c> names are templated per host.
    /// </summary>
    /// <param name="workspace">The checkout.</param>
    /// <param name="hostName">The host.</param>
    /// <param name="context">A task context of a play.</param>
    /// <param name="writtenNames">Every name a task may have written to any host so far (a superset will do).</param>
    internal static HostLayers? Layers(Workspace workspace, string hostName, ResolutionContext context, IReadOnlySet<string> writtenNames)
    {
        if (workspace.Config.HashBehaviour == HashBehaviour.Merge || context.Play is not { } play || !play.VarsFiles.IsEmpty || context.IsHostvars) return null;
        var perHost = play.Serial.IsEmpty ? HostLayers.RebuiltPerResolution : HostLayers.RebuiltPerResolutionAndBatch;
        return new HostLayers(GroupSources(workspace, hostName, context), HostSources(workspace, hostName, context), context.Runtime.For(hostName), writtenNames, perHost);
    }

    /// <summary>
    /// Steps A/B and H/I: the defaults and vars of every play role, then of the context's role with
    /// its dependency chain. They depend on the play and the chain only, and the task runner asks
    /// for them again for every host at every set_fact, so they are built once per play and chain.
    /// </summary>
    private static (ImmutableArray<VarSource> Defaults, ImmutableArray<VarSource> Vars) RoleContextSources(Workspace workspace, ResolutionContext context)
    {
        var key = new RoleContextKey(context.Play?.Number ?? 0, context.IsHostvars, context.Role, context.DependencyChain);
        return RoleSourcesCache.GetOrCreateValue(workspace).GetOrAdd(key, _ =>
        {
            var play = context.Play;
            var playRoles = play is null || context.IsHostvars
                ? []
                : play.Roles.Where(static r => r.Kind != RoleReferenceKind.IncludeRolePrivate).Select(r => workspace.Role(play, r)).ToList();
            return ([.. RoleSources(playRoles, context, "defaults", AddDefaults)], [.. RoleSources(workspace.Config.PrivateRoleVars ? [] : playRoles, context, "vars", AddVars)]);
        });
    }

    private static readonly ConditionalWeakTable<Workspace, ConcurrentDictionary<RoleContextKey, (ImmutableArray<VarSource>, ImmutableArray<VarSource>)>> RoleSourcesCache = new();

    /// <summary>A play (0: none) and a role context; role instances compare by identity.</summary>
    private sealed class RoleContextKey(int play, bool isHostvars, RoleInstance? role, ImmutableArray<RoleInstance> chain) : IEquatable<RoleContextKey>
    {
        private readonly int _play = play;
        private readonly bool _isHostvars = isHostvars;
        private readonly RoleInstance? _role = role;
        private readonly ImmutableArray<RoleInstance> _chain = chain;

        public bool Equals(RoleContextKey? other) =>
            other is not null && other._play == _play && other._isHostvars == _isHostvars && ReferenceEquals(other._role, _role)
            && other._chain.Length == _chain.Length && other._chain.Zip(_chain).All(static p => ReferenceEquals(p.First, p.Second));

        public override bool Equals(object? obj) => Equals(obj as RoleContextKey);

        public override int GetHashCode()
        {
            var hash = HashCode.Combine(_play, _isHostvars, _role is null ? 0 : RuntimeHelpers.GetHashCode(_role));
            foreach (var instance in _chain) hash = HashCode.Combine(hash, RuntimeHelpers.GetHashCode(instance));
            return hash;
        }
    }

    /// <summary>
    /// Step C for <paramref name="hostName"/>. It depends only on the host's groups and the
    /// play-side directories, so the thousands of hosts of one group share it (and its file
    /// lookups) instead of building it again in every context of every host.
    /// </summary>
    private static SourceLayer GroupSources(Workspace workspace, string hostName, ResolutionContext context)
    {
        var playSide = PlaySideDirectories(workspace, context);
        var (groupNames, groupsKey) = GroupsOf(workspace, hostName);
        var key = $"{groupsKey}\0{string.Join('\n', playSide)}";
        return GroupSourcesCache.GetOrCreateValue(workspace).GetOrAdd(key, _ =>
        {
            var inventory = workspace.Inventory;
            var sortedGroups = inventory.SortForPrecedence(groupNames.Where(static g => g != "all")).ToList();
            var all = inventory.Groups["all"];
            var sources = new List<VarSource>();
            foreach (var step in workspace.Config.GroupVarsSteps)
            {
                var start = sources.Count;
                sources.AddRange(GroupStep(workspace, step, playSide, all, sortedGroups));
                InGroup(sources, start, $"group vars step {step}");
            }

            return new SourceLayer([.. sources]);
        });
    }

    private static readonly ConditionalWeakTable<Workspace, ConcurrentDictionary<string, SourceLayer>> GroupSourcesCache = new();

    /// <summary>
    /// K: the host's include_vars store; L: its set_fact/register store. Each store is one dict that
    /// every write updates key by key (set_host_variable / set_nonpersistent_facts).
    /// </summary>
    private static void AddRuntimeSources(List<VarSource> sources, ResolutionContext context, string hostName)
    {
        var writes = context.Runtime.For(hostName);
        foreach (var level in new[] { PrecedenceLevel.IncludeVars, PrecedenceLevel.SetFact })
        {
            foreach (var write in writes.Where(w => w.Level == level))
            {
                sources.Add(new VarSource(level, write.Origin, write.Assignments, SourceRank.None)
                {
                    MergeGroup = [level == PrecedenceLevel.IncludeVars ? "include_vars store" : "non-persistent facts"],
                    ReplacesWithinGroup = level == PrecedenceLevel.SetFact,
                    TaskWrite = write,
                });
            }
        }
    }

    /// <summary>One step of <c>get_vars</c>'s group-variable phase (ansible-core 2.14 <c>vars/manager.py</c>).</summary>
    private static IEnumerable<VarSource> GroupStep(Workspace workspace, GroupVarsStep step, IReadOnlyList<string> playSide, InventoryGroup all, List<InventoryGroup> sortedGroups)
    {
        // With run_vars_plugins=start the files beside the inventory were folded into each group's
        // own vars when the inventory loaded, and no vars plugin runs per task.
        var atStart = workspace.Config.VarsPluginsAtStart;
        switch (step)
        {
            case GroupVarsStep.AllInventory:
                foreach (var source in InventoryGroupSources(workspace, all, atStart)) yield return source;
                break;
            case GroupVarsStep.GroupsInventory:
                foreach (var group in sortedGroups)
                {
                    foreach (var source in InventoryGroupSources(workspace, group, atStart)) yield return source;
                }

                break;
            case GroupVarsStep.AllPluginsInventory or GroupVarsStep.AllPluginsPlay or GroupVarsStep.GroupsPluginsInventory
                or GroupVarsStep.GroupsPluginsPlay or GroupVarsStep.PluginsByGroups when atStart:
                break;
            case GroupVarsStep.AllPluginsInventory:
                foreach (var source in InventoryDirectoryFiles(workspace, [all], PrecedenceLevel.InventoryGroupVarsAll)) yield return source;
                break;
            case GroupVarsStep.AllPluginsPlay:
                foreach (var source in PlaybookDirectoryFiles(workspace, playSide, [all], PrecedenceLevel.PlaybookGroupVarsAll)) yield return source;
                break;
            case GroupVarsStep.GroupsPluginsInventory:
                foreach (var source in InventoryDirectoryFiles(workspace, sortedGroups, PrecedenceLevel.InventoryGroupVars)) yield return source;
                break;
            case GroupVarsStep.GroupsPluginsPlay:
                foreach (var source in PlaybookDirectoryFiles(workspace, playSide, sortedGroups, PrecedenceLevel.PlaybookGroupVars)) yield return source;
                break;
            case GroupVarsStep.PluginsByGroups:
                foreach (var group in sortedGroups)
                {
                    foreach (var source in InventoryDirectoryFiles(workspace, [group], PrecedenceLevel.InventoryGroupVars)) yield return source;
                    foreach (var source in PlaybookDirectoryFiles(workspace, playSide, [group], PrecedenceLevel.PlaybookGroupVars)) yield return source;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, null);
        }

    }

    private static void AddHostVarsBesideInventory(Workspace workspace, List<VarSource> sources, string hostName, PrecedenceLevel level, string originSuffix)
    {
        foreach (var source in workspace.Inventory.Sources)
        {
            var sourceStart = sources.Count;
            foreach (var file in workspace.EntityVars(source.VarsDirectory, "host_vars", hostName))
            {
                sources.Add(FileSource(level, $"host `{hostName}`{originSuffix}", file, new SourceRank(InventorySource: source.Index, InventorySourcePath: source.Path)));
            }

            InGroup(sources, sourceStart, $"inventory source {source.Index}");
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
                    yield return FileSource(level, $"group `{group.Name}`", file, GroupRank(group) with { InventorySource = source.Index, InventorySourcePath = source.Path })
                        with { MergeGroup = [$"inventory source {source.Index}"] };
                }
            }
        }
    }

    /// <summary><c>group_vars</c> in the play-side directories, per directory, then per group.</summary>
    private static IEnumerable<VarSource> PlaybookDirectoryFiles(Workspace workspace, IReadOnlyList<string> playSide, IReadOnlyList<InventoryGroup> groups, PrecedenceLevel level)
    {
        foreach (var directory in playSide)
        {
            foreach (var group in groups)
            {
                foreach (var file in workspace.EntityVars(directory, "group_vars", group.Name))
                {
                    yield return FileSource(level, $"group `{group.Name}`", file, GroupRank(group)) with { MergeGroup = [$"directory {directory}"] };
                }
            }
        }
    }

    /// <summary>
    /// The directories whose group_vars/host_vars count as the playbook's (<c>basedirs</c> in
    /// <c>get_vars</c>): the playbook's directory, or with <c>playbook_vars_root=all</c> the task's
    /// search path, which inside a role is the role directories of its dependency chain, innermost
    /// first, then the role's <c>tasks/</c> directory (<c>Task.get_search_path</c>).
    /// </summary>
    private static IReadOnlyList<string> PlaySideDirectories(Workspace workspace, ResolutionContext context)
    {
        if (context.Play is not { } play) return [];
        if (workspace.Config.PlaybookVarsRoot == PlaybookVarsRoot.Top || context.Role is not { } role) return [play.PlaybookDirectory];
        var searchPath = context.DependencyChain.Reverse().Select(static r => r.Files.Directory).Distinct().ToList();
        var tasksDirectory = ProjectFiles.Combine(role.Files.Directory, "tasks");
        if (!searchPath.Contains(tasksDirectory)) searchPath.Add(tasksDirectory);
        return workspace.Config.PlaybookVarsRoot == PlaybookVarsRoot.All ? searchPath : [searchPath[0]];
    }

    /// <summary>
    /// A group's inventory vars; with run_vars_plugins=start followed by its group_vars files beside
    /// each inventory source, combined into the group's vars (InventoryManager.parse_sources).
    /// </summary>
    private static IEnumerable<VarSource> InventoryGroupSources(Workspace workspace, InventoryGroup group, bool atStart)
    {
        if (!atStart)
        {
            yield return InventoryGroupSource(group);
            yield break;
        }

        var groupScope = $"group {group.Name} at inventory load";
        yield return InventoryGroupSource(group) with { MergeGroup = [groupScope] };
        foreach (var source in InventoryDirectoryFiles(workspace, [group], PrecedenceLevel.InventoryFileGroupVars))
        {
            yield return source with { Origin = $"{source.Origin} (read at inventory load: run_vars_plugins=start)", MergeGroup = [groupScope, "vars files", .. source.MergeGroup] };
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

    /// <summary>
    /// Steps A/B or H/I: the <paramref name="kind"/> of every play role, then of the task's role with
    /// its dependency chain. Each role's get_default_vars()/get_vars() combines its dependencies
    /// and itself from an empty dict, so each is its own merge group.
    /// </summary>
    private static List<VarSource> RoleSources(
        IReadOnlyList<RoleInstance> playRoles,
        ResolutionContext context,
        string kind,
        Action<List<VarSource>, RoleInstance, ImmutableArray<RoleInstance>, bool> add)
    {
        var sources = new List<VarSource>();
        for (var i = 0; i < playRoles.Count; i++)
        {
            var start = sources.Count;
            add(sources, playRoles[i], [], false);
            InGroup(sources, start, $"role {kind}", $"play role {i}");
        }

        if (context.Role is { } taskRole)
        {
            var start = sources.Count;
            add(sources, taskRole, context.DependencyChain, true);
            InGroup(sources, start, $"task role {kind}");
        }

        return KeepLastOccurrence(sources);
    }

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

    /// <summary>Puts the sources from <paramref name="start"/> on inside <paramref name="group"/> (outermost first).</summary>
    private static void InGroup(List<VarSource> sources, int start, params string[] group)
    {
        for (var i = start; i < sources.Count; i++) sources[i] = sources[i] with { MergeGroup = [.. group, .. sources[i].MergeGroup] };
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

private static AnsibleList NameList(IEnumerable<string> names) => new([.. names.Select(static h => (AnsibleValue)new AnsibleString(h))]);

    /// <summary>
    /// The batch of <paramref name="hostName"/>: the play's hosts in its <c>order:</c>, cut into
    /// <c>serial:</c> slices as <c>PlaybookExecutor._get_serialized_batches</c> does (the last size
    /// repeats; "N%" is of all the play's hosts, at least 1; 0 or less takes the rest).
    /// </summary>
    private static AnsibleValue PlayBatch(Play play, IReadOnlyList<string> playHosts, string hostName)
    {
        IEnumerable<string>? ordered = play.HostOrder switch
        {
            "inventory" => playHosts,
            "reverse_inventory" => playHosts.Reverse(),
            "sorted" => playHosts.Order(StringComparer.Ordinal),
            "reverse_sorted" => playHosts.OrderDescending(StringComparer.Ordinal),
            _ => null,
        };
        if (ordered is null) return new AnsibleUnknown($"the play's batch depends on `order: {play.HostOrder}`");
        var remaining = new Queue<string>(ordered);
        if (play.Serial.IsEmpty) return NameList(remaining);
        var sizes = new List<int>();
        foreach (var value in play.Serial)
        {
            if (BatchSize(value, playHosts.Count) is not { } size) return new AnsibleUnknown($"the play's `serial:` value {PythonRepr.Repr(value)} is not a static batch size");
            sizes.Add(size);
        }

        var step = 0;
        while (remaining.Count > 0)
        {
            var size = sizes[Math.Min(step++, sizes.Count - 1)];
            var batch = new List<string>();
            while (remaining.Count > 0 && (size <= 0 || batch.Count < size)) batch.Add(remaining.Dequeue());
            if (batch.Contains(hostName)) return NameList(batch);
        }

        return NameList([]);
    }

    /// <summary><c>pct_to_int</c>: an int, a numeric string, or "N%" of <paramref name="hostCount"/> (at least 1).</summary>
    private static int? BatchSize(AnsibleValue value, int hostCount)
    {
        switch (value)
        {
            case AnsibleInt number when number.Value >= int.MinValue && number.Value <= int.MaxValue:
                return (int)number.Value;
            case AnsibleString text when text.Value.EndsWith('%') && int.TryParse(text.Value[..^1].Trim(), out var percent):
                var size = (int)(percent / 100.0 * hostCount);
                return size == 0 ? 1 : size;
            case AnsibleString text when int.TryParse(text.Value.Trim(), out var count):
                return count;
            default:
                return null;
        }
    }

    /// <summary>
    /// The play's magic variables. Without <c>serial:</c> they do not depend on the host, and
    /// <c>groups</c> alone lists every host of every group: build them once per play and role, not
    /// once per host (`values --limit all` on thousands of hosts).
    /// </summary>
    private static ImmutableArray<Assignment> PlayMagic(Workspace workspace, string hostName, Play? play, ResolutionContext context)
    {
        var cache = PlayMagicCache.GetOrCreateValue(workspace);
        var key = (play?.Number ?? 0, context.Role, play is null || play.Serial.IsEmpty ? null : hostName, context.IsHostvars);
        if (!cache.TryGetValue(key, out var magic)) cache[key] = magic = BuildPlayMagic(workspace, hostName, play, context);

        // hostvars reflects what tasks have set so far (context.Runtime), so it is never cached;
        // hostvars.py: get_vars(host=...) has no hostvars of its own (include_hostvars=False).
        return context.IsHostvars ? magic : magic.Add(new Assignment("hostvars", Hostvars(workspace, play, context), SourceLocation.WholeFile(string.Empty)));
    }

    private static readonly ConditionalWeakTable<Workspace, Dictionary<(int Play, RoleInstance? Role, string? Host, bool IsHostvars), ImmutableArray<Assignment>>> PlayMagicCache = new();

    // `groups` lists every host of every group; the same for every play and role.
    private static readonly ConditionalWeakTable<Workspace, AnsibleDict> GroupsMagic = new();

    private static ImmutableArray<Assignment> BuildPlayMagic(Workspace workspace, string hostName, Play? play, ResolutionContext context)
    {
        var inventory = workspace.Inventory;
        var nowhere = SourceLocation.WholeFile(string.Empty);
        var magic = new List<Assignment>
        {
            new("groups", GroupsMagic.GetValue(workspace, static w => new AnsibleDict([.. w.Inventory.Groups.Keys.Order(StringComparer.Ordinal).Select(g => new KeyValuePair<AnsibleValue, AnsibleValue>(
                new AnsibleString(g),
                new AnsibleList([.. HostPattern.Match(w.Inventory, g) is { } hosts ? hosts.Select(static h => (AnsibleValue)new AnsibleString(h)) : []])))])), nowhere),

            // The placeholder ends in a random hash per run; only its prefix is stable.
            new("omit", new AnsibleString("__omit_place_holder__"), nowhere),
            new("ansible_version", AnsibleVersion, nowhere),

        };

        if (play is not null) magic.Add(new Assignment("playbook_dir", new AnsibleString(workspace.Files.FullPath(play.PlaybookDirectory)), nowhere));
        if (play is not null && !context.IsHostvars)
        {
            magic.Add(new Assignment("ansible_play_name", play.Name is null ? new AnsibleString(play.Hosts) : new AnsibleString(play.Name), nowhere));
            var playRoles = play.Roles.Where(static r => r.Kind != RoleReferenceKind.IncludeRolePrivate).ToList();
            // One name per play.roles entry: a role listed twice is named twice (2.14 play.get_roles()).
            var roleNames = new AnsibleList([.. playRoles.Select(static r => (AnsibleValue)new AnsibleString(r.Name))]);
            var dependencyNames = playRoles.SelectMany(r => workspace.Role(play, r).AllDependencies()).Select(static d => d.Name).Distinct();
            magic.Add(new Assignment("ansible_play_role_names", roleNames, nowhere));
            magic.Add(new Assignment("role_names", roleNames, nowhere));
            magic.Add(new Assignment("ansible_dependent_role_names", new AnsibleList([.. dependencyNames.Select(static n => (AnsibleValue)new AnsibleString(n))]), nowhere));

            // No host has failed before the play, so the remaining hosts are all the play's hosts;
            // the batch is the `serial:` slice that holds this host.
            var playHostNames = workspace.HostsOf(play);
            var playHosts = NameList(playHostNames);
            magic.Add(new Assignment("ansible_play_hosts_all", playHosts, nowhere));
            magic.Add(new Assignment("ansible_play_hosts", playHosts, nowhere));
            var batch = PlayBatch(play, playHostNames, hostName);
            magic.Add(new Assignment("ansible_play_batch", batch, nowhere));
            magic.Add(new Assignment("play_hosts", batch, nowhere));
        }

        if (context.Role is { } role && !context.IsHostvars)
        {
            magic.Add(new Assignment("role_name", new AnsibleString(role.Name), nowhere));
            magic.Add(new Assignment("ansible_role_name", new AnsibleString(role.Name), nowhere));
            magic.Add(new Assignment("role_path", new AnsibleString(workspace.Files.FullPath(role.Files.Directory)), nowhere));
        }

        return [.. magic];
    }

    /// <summary>
    /// <c>hostvars</c>: for every inventory host, its variables as <c>get_vars(host=h)</c> computes them
    /// without play or task, templated in that host's own context (vars/hostvars.py). Both the
    /// mapping and each host's variables are computed only when a template reads them.
    /// </summary>
    private static AnsibleDict Hostvars(Workspace workspace, Play? play, ResolutionContext context) => new(() =>
    [
        .. workspace.Inventory.Hosts.Keys.Select(host => new KeyValuePair<AnsibleValue, AnsibleValue>(
            new AnsibleString(host),
            new AnsibleDict(() => HostvarsOf(workspace, host, new ResolutionContext(play, null, []) { IsHostvars = true, Runtime = context.Runtime })))),
    ]);

    private static ImmutableArray<KeyValuePair<AnsibleValue, AnsibleValue>> HostvarsOf(Workspace workspace, string host, ResolutionContext context)
    {
        var resolution = Resolve(workspace, host, context);
        var evaluator = new ValueEvaluator(resolution, EvaluationOptions.Ansible214);
        return
        [
            .. resolution.Variables.Keys.Select(name => new KeyValuePair<AnsibleValue, AnsibleValue>(
                new AnsibleString(name),
                evaluator.Variable(name) switch
                {
                    { Value: { } value } => value,

                    // Templated with fail_on_undefined=False: the failure surfaces only when read.
                    var failed => new AnsibleUndefined(failed?.Error ?? $"'{name}' is undefined"),
                })),
        ];
    }
}
