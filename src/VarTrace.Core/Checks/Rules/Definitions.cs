using VarTrace.Core.Model;
using VarTrace.Core.Precedence;

namespace VarTrace.Core.Checks.Rules;

/// <summary>Facts about definitions that several rules share.</summary>
internal static class Definitions
{
    /// <summary>Names Ansible sets on a host itself at the inventory host level, not the user.</summary>
    private static readonly HashSet<string> InventoryMagic = ["inventory_hostname", "inventory_hostname_short", "group_names", "inventory_file", "inventory_dir"];

    /// <summary>True for a definition a user writes in inventory, group_vars or host_vars.</summary>
    public static bool IsInventoryLevel(AppliedDefinition definition) => IsInventoryLevel(definition.Source, definition.Assignment);

    /// <summary>True for an assignment a user writes in inventory, group_vars or host_vars.</summary>
    public static bool IsInventoryLevel(VarSource source, Assignment assignment) =>
        source.Level is >= PrecedenceLevel.InventoryFileGroupVars and <= PrecedenceLevel.PlaybookHostVars
        && !(source.Level == PrecedenceLevel.InventoryFileHostVars && InventoryMagic.Contains(assignment.Name));

    /// <summary>True for a definition a user writes to configure a run: inventory levels, play vars, vars_prompt, vars_files.</summary>
    public static bool IsUserSet(AppliedDefinition definition) => IsUserSet(definition.Source, definition.Assignment);

    /// <summary>True for an assignment a user writes to configure a run: inventory levels, play vars, vars_prompt, vars_files.</summary>
    public static bool IsUserSet(VarSource source, Assignment assignment) =>
        IsInventoryLevel(source, assignment) || source.Level is PrecedenceLevel.PlayVars or PrecedenceLevel.PlayVarsPrompt or PrecedenceLevel.PlayVarsFiles;

    /// <summary>"role defaults (role `calico` defaults) at roles/calico/defaults/main.yml:19:1".</summary>
    public static string Describe(AppliedDefinition definition) =>
        $"{definition.Source.Level.Title()} ({definition.Source.Origin}) at {definition.Assignment.Location}";

    /// <summary>Where a definition stands, as a related location.</summary>
    public static RelatedLocation Related(AppliedDefinition definition, string what) =>
        new(definition.Assignment.Location, $"{what}: {definition.Source.Level.Title()}, {definition.Source.Origin}");

    /// <summary>The location of a whole file's first line, for findings about a file.</summary>
    public static SourceLocation FileStart(string path) => new(path, 1, 1);
}
