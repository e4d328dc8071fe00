using System.Collections.Immutable;
using VarTrace.Core.Inventory;
using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Project;

/// <summary>
/// A loaded checkout: config, inventory, plays and extra vars, plus lazily read group_vars,
/// host_vars and roles. Loading reads only what the answer needs; everything read is cached.
/// </summary>
public sealed class Workspace
{
    private static readonly string[] PlaybookCandidates = ["site.yml", "cluster.yml", "playbook.yml"];

    /// <summary>The candidates for <c>group_vars/&lt;name&gt;</c>: bare name (file or directory) first.</summary>
    private static readonly string[] HostGroupVarsExtensions = ["", ".yml", ".yaml", ".json"];

    private readonly Dictionary<string, ImmutableArray<VarsFile>> _entityVars = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Play, RoleReference Reference), RoleInstance> _roles = [];
    private readonly Dictionary<int, (IReadOnlyList<string> InOrder, HashSet<string> Set)> _playHosts = [];

    private Workspace(ProjectFiles files, AnsibleConfig config, InventoryData inventory, string playbook, ImmutableArray<Play> plays, ImmutableArray<VarSource> extraVars, RoleLoader roleLoader, List<LoadDiagnostic> diagnostics)
    {
        Files = files;
        Config = config;
        Inventory = inventory;
        Playbook = playbook;
        Plays = plays;
        ExtraVars = extraVars;
        RoleLoader = roleLoader;
        Diagnostics = diagnostics;
    }

    /// <summary>The checkout.</summary>
    public ProjectFiles Files { get; }

    /// <summary>The project's ansible.cfg settings.</summary>
    public AnsibleConfig Config { get; }

    /// <summary>The merged inventory.</summary>
    public InventoryData Inventory { get; }

    /// <summary>Project-relative path of the playbook analysed.</summary>
    public string Playbook { get; }

    /// <summary>Every play after import_playbook expansion.</summary>
    public ImmutableArray<Play> Plays { get; }

    /// <summary>One source per <c>-e</c>, in order.</summary>
    public ImmutableArray<VarSource> ExtraVars { get; }

    /// <summary>Templating results shared by every host and context of this checkout.</summary>
    public TemplateMemo TemplateResults { get; } = new();

    /// <summary>Problems that did not block loading.</summary>
    public List<LoadDiagnostic> Diagnostics { get; }

    private RoleLoader RoleLoader { get; }

    /// <summary>Loads a checkout from the disk, or as <paramref name="tree"/> (a git revision) holds it.</summary>
    /// <param name="options">What to load.</param>
    /// <param name="diagnostics">Receives the problems that do not block loading, also those found before loading fails; the workspace keeps adding to it as it reads lazily.</param>
    /// <param name="tree">The files to read instead of the disk's.</param>
    /// <exception cref="VarTraceException">Something the answer needs is missing or broken.</exception>
    public static Workspace Load(WorkspaceOptions options, List<LoadDiagnostic>? diagnostics = null, IFileTree? tree = null)
    {
        diagnostics ??= [];
        var root = Path.GetFullPath(options.ProjectDirectory, options.CurrentDirectory);
        var files = tree is null ? new ProjectFiles(root, options.Limits, diagnostics) : new ProjectFiles(root, tree, options.Limits, diagnostics);
        var config = AnsibleConfig.Load(files);
        diagnostics.AddRange(config.Warnings);
        var inventory = LoadInventory(files, config, options, diagnostics);
        var playbook = ChoosePlaybook(files, options);
        var roleLoader = new RoleLoader(files, config, diagnostics);
        var plays = new PlaybookLoader(files, roleLoader, diagnostics).Load(playbook);
        var extraVars = options.ExtraVars
            .Select((argument, index) =>
            {
                var (origin, assignments) = Project.ExtraVars.Parse(argument, index, files, options.CurrentDirectory);
                return new VarSource(PrecedenceLevel.ExtraVars, origin, assignments, SourceRank.None);
            })
            .ToImmutableArray();
        return new Workspace(files, config, inventory, playbook, plays, extraVars, roleLoader, diagnostics);
    }

    /// <summary>
    /// The files Ansible's <c>host_group_vars</c> plugin reads for a group or host
    /// (<paramref name="kind"/> is <c>group_vars</c> or <c>host_vars</c>) under <paramref name="baseDirectory"/>.
    /// </summary>
    public ImmutableArray<VarsFile> EntityVars(string baseDirectory, string kind, string entity)
    {
        var key = $"{baseDirectory}\0{kind}\0{entity}";
        if (_entityVars.TryGetValue(key, out var cached)) return cached;
        var directory = ProjectFiles.Combine(baseDirectory, kind);

        // host_group_vars skips entity names starting with `/` (chroot-style hosts), and reads
        // nothing at all when vars_plugins_enabled does not list it.
        var found = entity.StartsWith('/') || !Config.HostGroupVarsEnabled ? [] : VarsFiles.Find(Files, directory, entity, HostGroupVarsExtensions);
        var result = found.Select(path => VarsFiles.Read(Files, path)).ToImmutableArray();
        _entityVars[key] = result;
        return result;
    }

    /// <summary>Files that exist for an entity but are not read because another candidate comes first.</summary>
    public IReadOnlyList<(string Path, string ReadInstead)> ShadowedEntityFiles(string baseDirectory, string kind, string entity) =>
        VarsFiles.FindShadowedCandidates(Files, ProjectFiles.Combine(baseDirectory, kind), entity, HostGroupVarsExtensions);

    /// <summary>The instantiated role of a play's role entry (read once per play and entry).</summary>
    public RoleInstance Role(Play play, RoleReference reference)
    {
        if (!_roles.TryGetValue((play.Number, reference), out var instance))
        {
            instance = RoleLoader.Instantiate(reference, play.PlaybookDirectory);
            _roles[(play.Number, reference)] = instance;
        }

        return instance;
    }

    /// <summary>The plays whose <c>hosts:</c> pattern matches <paramref name="host"/>.</summary>
    public IEnumerable<Play> PlaysFor(string host) =>
        Plays.Where(play => PlayHosts(play).Set.Contains(host));

    /// <summary>The hosts a play's pattern matches, in inventory order (none when the pattern is templated).</summary>
    public IReadOnlyList<string> HostsOf(Play play) => PlayHosts(play).InOrder;

    /// <summary>The hosts a play's pattern matches, matched once per play.</summary>
    private (IReadOnlyList<string> InOrder, HashSet<string> Set) PlayHosts(Play play)
    {
        if (!_playHosts.TryGetValue(play.Number, out var hosts))
        {
            var matched = HostPattern.Match(Inventory, play.Hosts) ?? [];
            hosts = (matched, matched.ToHashSet(StringComparer.Ordinal));
            _playHosts[play.Number] = hosts;
        }

        return hosts;
    }

    /// <summary>Reads a vars_files entry's first existing candidate, or null when none exists.</summary>
    /// <param name="play">The play.</param>
    /// <param name="entry">The entry.</param>
    /// <param name="renderName">Renders a templated name in the host's context; null when it cannot be known.</param>
    public VarsFile? ReadVarsFilesEntry(Play play, VarsFileEntry entry, Func<string, string?> renderName)
    {
        var outside = 0;
        foreach (var written in entry.Candidates)
        {
            var candidate = written;
            if (Values.AnsibleValue.HasJinjaMarkup(candidate))
            {
                if (renderName(candidate) is not { } rendered)
                {
                    Diagnostics.Add(new LoadDiagnostic(entry.Location, $"vars_files entry `{candidate}` cannot be rendered statically; it is skipped, as Ansible skips an entry whose name is undefined"));
                    return null;
                }

                candidate = rendered;
            }

            var path = ProjectFiles.Combine(play.PlaybookDirectory, candidate);
            if (candidate.StartsWith('/') || ProjectFiles.LeavesCheckout(path))
            {
                Diagnostics.Add(new LoadDiagnostic(entry.Location, $"vars_files entry `{candidate}` lies outside the checkout; VarTrace does not read it"));
                outside++;
                continue;
            }

            // DataLoader.path_dwim_relative looks in `vars/` of the play's directory before beside it.
            var underVars = ProjectFiles.Combine(play.PlaybookDirectory, "vars/" + candidate);
            if (Files.FileExists(underVars)) return VarsFiles.ReadMappingOrList(Files, underVars);
            if (Files.FileExists(path)) return VarsFiles.ReadMappingOrList(Files, path);
        }

        if (outside == entry.Candidates.Length) return null;
        Diagnostics.Add(new LoadDiagnostic(entry.Location, $"no file of vars_files entry {string.Join(", ", entry.Candidates.Select(static c => $"`{c}`"))} exists"));
        return null;
    }

    private static InventoryData LoadInventory(ProjectFiles files, AnsibleConfig config, WorkspaceOptions options, List<LoadDiagnostic> diagnostics)
    {
        IReadOnlyList<string> sources;
        if (options.Inventories.Count > 0)
        {
            // A comma-separated host list (`-i 'h1,h2,'`) is not a path: pass it through as Ansible's host_list plugin reads it.
            sources = [.. options.Inventories.Select(i => IsHostList(i, options.CurrentDirectory) ? i : Path.GetFullPath(i, options.CurrentDirectory))];
        }
        else if (!config.Inventory.IsEmpty)
        {
            sources = [.. config.Inventory.Select(i => i.StartsWith('/') ? i : files.FullPath(i))];
        }
        else
        {
            throw new VarTraceException(null, "no inventory given: pass -i INVENTORY or set `inventory` in ansible.cfg");
        }

        return InventoryLoader.Load(files, sources, diagnostics);
    }

    private static bool IsHostList(string source, string currentDirectory) =>
        source.Contains(',') && !Path.Exists(Path.GetFullPath(source, currentDirectory));

    private static string ChoosePlaybook(ProjectFiles files, WorkspaceOptions options)
    {
        if (options.Playbook is not null)
        {
            var path = files.ToRelative(options.Playbook, options.CurrentDirectory)
                ?? throw new VarTraceException(null, $"playbook `{options.Playbook}` is outside the project directory");
            if (!files.FileExists(path)) throw new VarTraceException(null, $"playbook `{options.Playbook}` not found");
            return path;
        }

        foreach (var candidate in PlaybookCandidates)
        {
            if (files.FileExists(candidate)) return candidate;
        }

        var playbooks = files.List(string.Empty)
            .Where(p => (p.EndsWith(".yml", StringComparison.Ordinal) || p.EndsWith(".yaml", StringComparison.Ordinal)) && files.FileExists(p) && LooksLikePlaybook(files, p))
            .ToList();
        return playbooks.Count switch
        {
            1 => playbooks[0],
            0 => throw new VarTraceException(null, "no playbook found at the project root (looked for site.yml, cluster.yml, playbook.yml); pass --playbook FILE"),
            _ => throw new VarTraceException(null, $"several playbooks at the project root ({string.Join(", ", playbooks)}); pass --playbook FILE"),
        };
    }

    private static bool LooksLikePlaybook(ProjectFiles files, string path)
    {
        try
        {
            var yaml = files.LoadData(path);
            return yaml.Documents.Length == 1
                && yaml.Documents[0] is YamlSequenceNode { Items.Length: > 0 } list
                && list.Items.All(static item => item is YamlMappingNode m && (m.Find("hosts") is not null || m.Find("import_playbook") is not null || m.Find("ansible.builtin.import_playbook") is not null));
        }
        catch (VarTraceException)
        {
            return false;
        }
    }
}
