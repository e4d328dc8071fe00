using System.Collections.Immutable;
using VarTrace.Core.Model;

namespace VarTrace.Core.Precedence;

/// <summary>
/// One set of variables Ansible folds in as a unit: a vars file, a group's inventory vars, a role's
/// params, one <c>-e</c>. Within a precedence level, sources apply in the order Ansible applies them.
/// </summary>
/// <param name="Level">The precedence level.</param>
/// <param name="Origin">What this source is, in a user's words (e.g. "group `k8s_cluster`").</param>
/// <param name="Assignments">The variables it sets, in file order.</param>
/// <param name="Rank">Why it sits where it does inside its level, for explanations.</param>
public sealed record VarSource(PrecedenceLevel Level, string Origin, ImmutableArray<Assignment> Assignments, SourceRank Rank)
{
    /// <summary>
    /// The nested groups this source is combined in, outermost first. Ansible combines the sources
    /// of one group on their own, starting from an empty dict (each <c>get_vars</c> step, each
    /// inventory source, each role's <c>get_vars()</c>), and only then combines the result with
    /// what came before. Under <c>hash_behaviour=merge</c> that grouping changes the result: a
    /// scalar inside a group wipes only the group's earlier dicts.
    /// </summary>
    public ImmutableArray<string> MergeGroup { get; init; } = [];

    /// <summary>
    /// Applied with a plain dict update even under <c>hash_behaviour=merge</c>:
    /// <c>import_playbook</c> vars are unioned into each imported play's vars at load time.
    /// </summary>
    public bool ReplacesWithinGroup { get; init; }

    /// <summary>The task write this source comes from (include_vars, set_fact, register), if any.</summary>
    public Tasks.TaskWrite? TaskWrite { get; init; }

    /// <summary>Looks up the last assignment of <paramref name="name"/> in this source.</summary>
    public Assignment? Find(string name)
    {
        for (var i = Assignments.Length - 1; i >= 0; i--)
        {
            if (Assignments[i].Name == name) return Assignments[i];
        }

        return null;
    }
}

/// <summary>
/// The facts that order sources within one level; only those relevant to the level are set.
/// </summary>
/// <param name="Group">The group whose variables these are.</param>
/// <param name="GroupDepth">The group's depth (longest path from <c>all</c>).</param>
/// <param name="GroupPriority">The group's <c>ansible_group_priority</c> from the inventory.</param>
/// <param name="InventorySource">Index of the <c>-i</c> source the vars directory belongs to.</param>
/// <param name="InventorySourcePath">That source's path.</param>
/// <param name="Role">The role whose defaults, vars or params these are.</param>
/// <param name="IsTaskRole">True for the second application of the task's own role (steps B and I).</param>
public sealed record SourceRank(
    string? Group = null,
    int GroupDepth = 0,
    int GroupPriority = 0,
    int InventorySource = -1,
    string? InventorySourcePath = null,
    string? Role = null,
    bool IsTaskRole = false)
{
    /// <summary>No ordering facts beyond position.</summary>
    public static SourceRank None { get; } = new();
}
