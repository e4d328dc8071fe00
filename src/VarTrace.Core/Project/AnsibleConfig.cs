using System.Collections.Immutable;
using VarTrace.Core.Model;

namespace VarTrace.Core.Project;

/// <summary>How <c>combine_vars</c> joins two values of the same name (<c>DEFAULT_HASH_BEHAVIOUR</c>).</summary>
public enum HashBehaviour
{
    /// <summary>The later value replaces the earlier one whole (Ansible's default).</summary>
    Replace,

    /// <summary>Dicts are merged recursively; anything else is replaced.</summary>
    Merge,
}

/// <summary>Where play-side group_vars/host_vars are looked up (<c>PLAYBOOK_VARS_ROOT</c>).</summary>
public enum PlaybookVarsRoot
{
    /// <summary>The directory of the playbook (Ansible's default, <c>top</c>).</summary>
    Top,

    /// <summary>The first entry of the task's search path (<c>bottom</c> or <c>playbook_dir</c>).</summary>
    Bottom,

    /// <summary>Every entry of the task's search path (<c>all</c>).</summary>
    All,
}

/// <summary>
/// The settings of the project's <c>ansible.cfg</c> that change variable resolution. Paths are
/// project-relative, resolved against the directory of the config file as Ansible resolves
/// <c>pathlist</c>/<c>pathspec</c> settings.
/// </summary>
public sealed record AnsibleConfig(
    string? File,
    ImmutableArray<string> Inventory,
    ImmutableArray<string> RolesPath,
    HashBehaviour HashBehaviour,
    bool PrivateRoleVars,
    bool HostGroupVarsEnabled,
    ImmutableArray<GroupVarsStep> GroupVarsSteps,
    ImmutableArray<LoadDiagnostic> Warnings)
{
    /// <summary><c>playbook_vars_root</c>.</summary>
    public PlaybookVarsRoot PlaybookVarsRoot { get; init; } = PlaybookVarsRoot.Top;

    /// <summary>
    /// <c>run_vars_plugins=start</c>: group_vars/host_vars beside the inventory are read once when
    /// the inventory loads, into the groups' and hosts' own variables, and never per task.
    /// </summary>
    public bool VarsPluginsAtStart { get; init; }

    /// <summary>The default of the <c>precedence</c> setting (<c>config/base.yml</c>, 2.14).</summary>
    public static readonly ImmutableArray<GroupVarsStep> DefaultGroupVarsSteps =
    [
        GroupVarsStep.AllInventory, GroupVarsStep.GroupsInventory, GroupVarsStep.AllPluginsInventory,
        GroupVarsStep.AllPluginsPlay, GroupVarsStep.GroupsPluginsInventory, GroupVarsStep.GroupsPluginsPlay,
    ];

    /// <summary>Ansible's defaults, when there is no config file.</summary>
    public static AnsibleConfig Default { get; } = new(null, [], [], HashBehaviour.Replace, false, true, DefaultGroupVarsSteps, []);

    /// <summary>Reads <c>ansible.cfg</c> at the project root, or returns the defaults.</summary>
    /// <exception cref="VarTraceException">A setting has a value Ansible rejects.</exception>
    public static AnsibleConfig Load(ProjectFiles files)
    {
        const string path = "ansible.cfg";
        if (!files.FileExists(path)) return Default;
        var settings = Parse(files.ReadText(path), path);
        var config = Default with { File = path };
        if (settings.TryGetValue("inventory", out var inventory))
        {
            config = config with { Inventory = [.. SplitList(inventory.Value, ',').Select(Normalise)] };
        }

        if (settings.TryGetValue("roles_path", out var roles))
        {
            config = config with { RolesPath = [.. SplitList(roles.Value, ':').Select(Normalise)] };
        }

        if (settings.TryGetValue("hash_behaviour", out var hash))
        {
            config = config with
            {
                HashBehaviour = hash.Value.ToLowerInvariant() switch
                {
                    "replace" => HashBehaviour.Replace,
                    "merge" => HashBehaviour.Merge,
                    _ => throw new VarTraceException(new SourceLocation(path, hash.Line, 1), $"hash_behaviour must be `replace` or `merge`, not `{hash.Value}`"),
                },
            };
        }

        if (settings.TryGetValue("private_role_vars", out var privateVars))
        {
            config = config with { PrivateRoleVars = privateVars.Value.ToLowerInvariant() is "true" or "yes" or "on" or "1" };
        }

        if (settings.TryGetValue("vars_plugins_enabled", out var plugins))
        {
            // Without host_group_vars no group_vars/ or host_vars/ directory is read at all.
            var enabled = SplitList(plugins.Value, ',');
            config = config with { HostGroupVarsEnabled = enabled.Any(static p => p is "host_group_vars" or "ansible.builtin.host_group_vars") };
        }

        if (settings.TryGetValue("playbook_vars_root", out var varsRoot))
        {
            config = config with
            {
                PlaybookVarsRoot = varsRoot.Value.ToLowerInvariant() switch
                {
                    "top" => PlaybookVarsRoot.Top,
                    "bottom" or "playbook_dir" => PlaybookVarsRoot.Bottom,
                    "all" => PlaybookVarsRoot.All,
                    _ => throw new VarTraceException(new SourceLocation(path, varsRoot.Line, 1), $"playbook_vars_root must be `top`, `bottom`, `playbook_dir` or `all`, not `{varsRoot.Value}`"),
                },
            };
        }

        if (settings.TryGetValue("run_vars_plugins", out var runVarsPlugins))
        {
            config = config with
            {
                VarsPluginsAtStart = runVarsPlugins.Value.ToLowerInvariant() switch
                {
                    "demand" => false,
                    "start" => true,
                    _ => throw new VarTraceException(new SourceLocation(path, runVarsPlugins.Line, 1), $"run_vars_plugins must be `demand` or `start`, not `{runVarsPlugins.Value}`"),
                },
            };
        }

        var diagnostics = new List<LoadDiagnostic>();
        if (settings.TryGetValue("precedence", out var precedence))
        {
            // Ansible runs only the entries it knows (`if entry in locals()`), in the order given.
            var steps = ImmutableArray.CreateBuilder<GroupVarsStep>();
            foreach (var entry in SplitList(precedence.Value, ','))
            {
                if (ParseStep(entry) is { } step) steps.Add(step);
                else diagnostics.Add(new LoadDiagnostic(new SourceLocation(path, precedence.Line, 1), $"`precedence` entry `{entry}` is not one Ansible knows; it is ignored"));
            }

            config = config with { GroupVarsSteps = steps.ToImmutable() };
        }

        return config with { Warnings = [.. diagnostics] };
    }

    private static GroupVarsStep? ParseStep(string entry) => entry switch
    {
        "all_inventory" => GroupVarsStep.AllInventory,
        "groups_inventory" => GroupVarsStep.GroupsInventory,
        "all_plugins_inventory" => GroupVarsStep.AllPluginsInventory,
        "all_plugins_play" => GroupVarsStep.AllPluginsPlay,
        "groups_plugins_inventory" => GroupVarsStep.GroupsPluginsInventory,
        "groups_plugins_play" => GroupVarsStep.GroupsPluginsPlay,
        "plugins_by_groups" => GroupVarsStep.PluginsByGroups,
        _ => null,
    };

    private static string Normalise(string path)
    {
        // `~/x` and absolute paths point outside the checkout; keep them as written so callers can report them.
        return path.StartsWith('/') || path.StartsWith('~') ? path : ProjectFiles.Combine(string.Empty, path);
    }

    private static IEnumerable<string> SplitList(string value, char separator) =>
        value.Split(separator).Select(static p => p.Trim()).Where(static p => p.Length > 0);

    /// <summary>
    /// The <c>[defaults]</c> section, read like Python's <c>configparser</c> with Ansible's
    /// <c>inline_comment_prefixes=(';',)</c>: <c>key = value</c> or <c>key: value</c>, full-line
    /// <c>#</c>/<c>;</c> comments, indented continuation lines.
    /// </summary>
    /// <exception cref="VarTraceException">A line configparser rejects (Ansible then stops with "Error reading config file").</exception>
    private static Dictionary<string, (string Value, int Line)> Parse(string text, string path)
    {
        var result = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        string? section = null;
        string? lastKey = null;
        var inSetting = false;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';') continue;
            if (trimmed[0] == '[' && trimmed.EndsWith(']'))
            {
                section = trimmed[1..^1].Trim();
                lastKey = null;
                inSetting = false;
                continue;
            }

            var location = new SourceLocation(path, i + 1, line.Length - line.TrimStart().Length + 1);
            if (section is null) throw new VarTraceException(location, "ansible.cfg must start with a `[section]` header (Ansible: \"File contains no section headers\")");
            if (char.IsWhiteSpace(line[0]) && inSetting)
            {
                if (lastKey is null) continue;
                var (previous, startLine) = result[lastKey];
                result[lastKey] = (previous + "\n" + StripInlineComment(trimmed), startLine);
                continue;
            }

            trimmed = StripInlineComment(trimmed);
            var separator = trimmed.IndexOfAny(['=', ':']);
            if (separator <= 0)
            {
                throw new VarTraceException(location, $"`{trimmed}` is neither a `[section]` header nor a `key = value` setting (Ansible: \"Source contains parsing errors\")");
            }

            inSetting = true;
            if (section != "defaults")
            {
                lastKey = null;
                continue;
            }

            lastKey = trimmed[..separator].Trim().ToLowerInvariant();
            result[lastKey] = (trimmed[(separator + 1)..].Trim(), i + 1);
        }

        return result;
    }

    private static string StripInlineComment(string text)
    {
        var comment = text.IndexOf(" ;", StringComparison.Ordinal);
        return comment >= 0 ? text[..comment].TrimEnd() : text;
    }
}

/// <summary>The steps of the group-variable phase that the <c>precedence</c> setting orders.</summary>
public enum GroupVarsStep
{
    /// <summary><c>all_inventory</c>: inventory-source vars of <c>all</c> (C1).</summary>
    AllInventory,

    /// <summary><c>groups_inventory</c>: inventory-source vars of the host's other groups (C2).</summary>
    GroupsInventory,

    /// <summary><c>all_plugins_inventory</c>: <c>group_vars/all</c> next to the inventory sources (C3).</summary>
    AllPluginsInventory,

    /// <summary><c>all_plugins_play</c>: <c>group_vars/all</c> next to the playbook (C4).</summary>
    AllPluginsPlay,

    /// <summary><c>groups_plugins_inventory</c>: <c>group_vars/&lt;group&gt;</c> next to the inventory sources (C5).</summary>
    GroupsPluginsInventory,

    /// <summary><c>groups_plugins_play</c>: <c>group_vars/&lt;group&gt;</c> next to the playbook (C6).</summary>
    GroupsPluginsPlay,

    /// <summary><c>plugins_by_groups</c>: per group, its inventory then its playbook group_vars.</summary>
    PluginsByGroups,
}
