namespace VarTrace.Core.Precedence;

/// <summary>
/// Where a variable's value comes from, in Ansible's order from lowest to highest precedence. The
/// numbers are those of the "Understanding variable precedence" list in Ansible's documentation
/// (<c>playbooks_variables.rst</c>, 22 levels; level 1, command-line options such as <c>-u</c>, sets
/// no variables). The merge steps are those of <c>VariableManager.get_vars()</c> in ansible-core 2.14
/// (<c>vars/manager.py</c>); where one documented level is several steps, the member says which.
/// </summary>
public enum PrecedenceLevel
{
    /// <summary>
    /// 2: <c>defaults/</c> of every role in the play, in play order (step A), then those of the role
    /// owning the task with its dependency chain (step B), so inside a role its own defaults win.
    /// </summary>
    RoleDefaults = 2,

    /// <summary>
    /// 3: group variables set by an inventory source (<c>[g:vars]</c>, YAML <c>vars:</c>): first
    /// <c>all</c> (step C1), then every other group sorted by (depth, priority, name) (step C2).
    /// </summary>
    InventoryFileGroupVars = 3,

    /// <summary>4: <c>group_vars/all</c> next to each inventory source (step C3), sources in order.</summary>
    InventoryGroupVarsAll = 4,

    /// <summary>5: <c>group_vars/all</c> next to the playbook of the play (step C4).</summary>
    PlaybookGroupVarsAll = 5,

    /// <summary>
    /// 6: <c>group_vars/&lt;group&gt;</c> next to each inventory source (step C5): per source, then per
    /// group sorted by (depth, priority, name), so a later source beats an earlier one whatever the groups.
    /// </summary>
    InventoryGroupVars = 6,

    /// <summary>7: <c>group_vars/&lt;group&gt;</c> next to the playbook (step C6), groups sorted.</summary>
    PlaybookGroupVars = 7,

    /// <summary>
    /// 8: host variables set by an inventory source (inline INI vars, YAML host entries), plus
    /// <c>inventory_hostname</c>, <c>inventory_hostname_short</c> and <c>group_names</c> (step D1).
    /// </summary>
    InventoryFileHostVars = 8,

    /// <summary>9: <c>host_vars/&lt;host&gt;</c> next to each inventory source (step D2).</summary>
    InventoryHostVars = 9,

    /// <summary>10: <c>host_vars/&lt;host&gt;</c> next to the playbook (step D3).</summary>
    PlaybookHostVars = 10,

    /// <summary>11: gathered facts and cached <c>set_fact: cacheable=yes</c> values (step E). Never known statically.</summary>
    HostFacts = 11,

    /// <summary>12: the play's <c>vars:</c> (step F).</summary>
    PlayVars = 12,

    /// <summary>13: answers to <c>vars_prompt</c>, written into the play's vars (step F).</summary>
    PlayVarsPrompt = 13,

    /// <summary>14: the play's <c>vars_files</c>, in list order (step G).</summary>
    PlayVarsFiles = 14,

    /// <summary>
    /// 15: role <c>vars/</c> and the role entry's <c>vars:</c> keyword, of every role in the play
    /// (step H) and then of the role owning the task with its dependency chain (step I).
    /// </summary>
    RoleVars = 15,

    /// <summary>16: <c>vars:</c> of the blocks enclosing a task (step J).</summary>
    BlockVars = 16,

    /// <summary>17: <c>vars:</c> of the task itself (step J).</summary>
    TaskVars = 17,

    /// <summary>18: results of <c>include_vars</c> (step K).</summary>
    IncludeVars = 18,

    /// <summary>19: <c>set_fact</c> and <c>register</c> results (step L); the later write wins.</summary>
    SetFact = 19,

    /// <summary>20: role params (<c>- {role: x, port: 80}</c>) of the task's role and its chain (step M).</summary>
    RoleParams = 20,

    /// <summary>21: <c>vars:</c> of enclosing <c>include_tasks</c>/<c>include_role</c> (step N).</summary>
    IncludeParams = 21,

    /// <summary>22: extra vars (<c>-e</c>), in command-line order (step O).</summary>
    ExtraVars = 22,

    /// <summary>
    /// Magic variables (<c>hostvars</c>, <c>groups</c>, <c>playbook_dir</c>, <c>role_name</c>, ...):
    /// set after extra vars (step P), so nothing overrides them. Not in the documented list.
    /// </summary>
    Magic = 23,
}

/// <summary>Names and numbers of <see cref="PrecedenceLevel"/> as the CLI and JSON show them.</summary>
public static class PrecedenceLevels
{
    /// <summary>The number of documented levels (the "22" of "6/22").</summary>
    public const int DocumentedCount = 22;

    /// <summary>The stable JSON id of a level, e.g. <c>inventory_group_vars</c>.</summary>
    public static string Id(this PrecedenceLevel level) => level switch
    {
        PrecedenceLevel.RoleDefaults => "role_defaults",
        PrecedenceLevel.InventoryFileGroupVars => "inventory_file_group_vars",
        PrecedenceLevel.InventoryGroupVarsAll => "inventory_group_vars_all",
        PrecedenceLevel.PlaybookGroupVarsAll => "playbook_group_vars_all",
        PrecedenceLevel.InventoryGroupVars => "inventory_group_vars",
        PrecedenceLevel.PlaybookGroupVars => "playbook_group_vars",
        PrecedenceLevel.InventoryFileHostVars => "inventory_file_host_vars",
        PrecedenceLevel.InventoryHostVars => "inventory_host_vars",
        PrecedenceLevel.PlaybookHostVars => "playbook_host_vars",
        PrecedenceLevel.HostFacts => "host_facts",
        PrecedenceLevel.PlayVars => "play_vars",
        PrecedenceLevel.PlayVarsPrompt => "play_vars_prompt",
        PrecedenceLevel.PlayVarsFiles => "play_vars_files",
        PrecedenceLevel.RoleVars => "role_vars",
        PrecedenceLevel.BlockVars => "block_vars",
        PrecedenceLevel.TaskVars => "task_vars",
        PrecedenceLevel.IncludeVars => "include_vars",
        PrecedenceLevel.SetFact => "set_fact",
        PrecedenceLevel.RoleParams => "role_params",
        PrecedenceLevel.IncludeParams => "include_params",
        PrecedenceLevel.ExtraVars => "extra_vars",
        PrecedenceLevel.Magic => "magic",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>The documentation's wording of a level, e.g. <c>inventory group_vars</c>.</summary>
    public static string Title(this PrecedenceLevel level) => level switch
    {
        PrecedenceLevel.RoleDefaults => "role defaults",
        PrecedenceLevel.InventoryFileGroupVars => "inventory file group vars",
        PrecedenceLevel.InventoryGroupVarsAll => "inventory group_vars/all",
        PrecedenceLevel.PlaybookGroupVarsAll => "playbook group_vars/all",
        PrecedenceLevel.InventoryGroupVars => "inventory group_vars",
        PrecedenceLevel.PlaybookGroupVars => "playbook group_vars",
        PrecedenceLevel.InventoryFileHostVars => "inventory file host vars",
        PrecedenceLevel.InventoryHostVars => "inventory host_vars",
        PrecedenceLevel.PlaybookHostVars => "playbook host_vars",
        PrecedenceLevel.HostFacts => "host facts",
        PrecedenceLevel.PlayVars => "play vars",
        PrecedenceLevel.PlayVarsPrompt => "play vars_prompt",
        PrecedenceLevel.PlayVarsFiles => "play vars_files",
        PrecedenceLevel.RoleVars => "role vars",
        PrecedenceLevel.BlockVars => "block vars",
        PrecedenceLevel.TaskVars => "task vars",
        PrecedenceLevel.IncludeVars => "include_vars",
        PrecedenceLevel.SetFact => "set_fact / registered vars",
        PrecedenceLevel.RoleParams => "role params",
        PrecedenceLevel.IncludeParams => "include params",
        PrecedenceLevel.ExtraVars => "extra vars",
        PrecedenceLevel.Magic => "magic variables",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>"6/22 inventory group_vars", or "magic variables" for the undocumented top level.</summary>
    public static string Label(this PrecedenceLevel level) => Labels[(int)level];

    // Every listed variable prints its level: the texts are built once.
    private static readonly string[] Labels = BuildLabels();

    private static string[] BuildLabels()
    {
        var levels = Enum.GetValues<PrecedenceLevel>();
        var labels = new string[(int)levels.Max() + 1];
        foreach (var level in levels) labels[(int)level] = level == PrecedenceLevel.Magic ? level.Title() : $"{(int)level}/{DocumentedCount} {level.Title()}";
        return labels;
    }
}
