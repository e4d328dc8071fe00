using System.Collections.Immutable;
using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Model;
using VarTrace.Core.Project;
using VarTrace.Core.Tasks;
using VarTrace.Core.Values;

namespace VarTrace.Core.Precedence;

/// <summary>
/// Where a resolution is made: a play (or none, for inventory-only projects) and, inside it, the
/// role whose tasks see the variables (or none, for tasks of the play outside any role).
/// </summary>
/// <param name="Play">The play.</param>
/// <param name="Role">The role whose task is asked about.</param>
/// <param name="DependencyChain">The role's dependency chain, outermost first, ending with the role itself.</param>
public sealed record ResolutionContext(Play? Play, RoleInstance? Role, ImmutableArray<RoleInstance> DependencyChain)
{
    /// <summary>
    /// The task whose variables these are (its block, task and include vars apply), or null for
    /// the play or role context as a whole.
    /// </summary>
    public PlayTask? Task { get; init; }

    /// <summary>
    /// What the context inherits from enclosing blocks, includes and role entries (block vars,
    /// include params): the task's own scope, or the top of a role's task file for a role context.
    /// </summary>
    public TaskScope? Scope { get; init; }

    /// <summary>What tasks wrote to the hosts before this point (include_vars, set_fact, register).</summary>
    public RuntimeState Runtime { get; init; } = RuntimeState.Empty;

    /// <summary>
    /// True for <c>hostvars[host]</c>: Ansible's <c>get_vars(host=...)</c> without play or task, so
    /// only inventory, the playbook directory's group_vars/host_vars, per-host task results and extra vars.
    /// </summary>
    public bool IsHostvars { get; init; }

    /// <summary>Variables the executor adds for one loop iteration (<c>item</c>, <c>ansible_loop</c>...), above everything.</summary>
    public ImmutableArray<Assignment> LoopVars { get; init; } = [];

    /// <summary>"play 1 `Deploy`, inside role `calico`" for output.</summary>
    public string Describe() =>
        (Play is null ? "no play" : Play.Title)
        + (Role is null ? ", outside any role" : $", inside role `{Role.Name}`")
        + (Task is null ? string.Empty : $", at {Task.Describe()}");
}

/// <summary>One applied definition of a variable: the source and the assignment in it.</summary>
/// <param name="Source">The source.</param>
/// <param name="Assignment">The assignment.</param>
/// <param name="Order">Position in the fold (later wins).</param>
public sealed record AppliedDefinition(VarSource Source, Assignment Assignment, int Order);

/// <summary>The value a variable gets in a context, and every definition folded in to get it.</summary>
public sealed class ResolvedVariable
{
    private readonly VariableTable? _table;
    private readonly int _head;
    private ImmutableArray<AppliedDefinition> _applied;

    /// <summary>A variable whose definitions are all known.</summary>
    /// <param name="name">The variable.</param>
    /// <param name="value">The raw value after folding (templates not rendered).</param>
    /// <param name="applied">Every applied definition in fold order, the winner last.</param>
    /// <param name="isMerged">True when <c>hash_behaviour=merge</c> combined several dicts into <paramref name="value"/>.</param>
    internal ResolvedVariable(string name, AnsibleValue value, ImmutableArray<AppliedDefinition> applied, bool isMerged)
    {
        Name = name;
        Value = value;
        Winner = applied[^1];
        _applied = applied;
        IsMerged = isMerged;
    }

    /// <summary>
    /// A variable whose value is its last definition's (no merging): the definitions it shadowed
    /// are collected from <paramref name="table"/> only when asked for, since listings ask for the
    /// winner of every variable of every host and explanations for the chain of one.
    /// </summary>
    internal ResolvedVariable(string name, AppliedDefinition winner, VariableTable table, int head)
    {
        Name = name;
        Value = winner.Assignment.Value;
        Winner = winner;
        _table = table;
        _head = head;
    }

    /// <summary>The variable.</summary>
    public string Name { get; }

    /// <summary>The raw value after folding (templates not rendered).</summary>
    public AnsibleValue Value { get; }

    /// <summary>The definition that supplied the value (the last one applied).</summary>
    public AppliedDefinition Winner { get; }

    /// <summary>Every applied definition in fold order, the winner last.</summary>
    public ImmutableArray<AppliedDefinition> Applied => _applied.IsDefault ? _applied = _table!.Definitions(_head, Winner) : _applied;

    /// <summary>True when <c>hash_behaviour=merge</c> combined several dicts into <see cref="Value"/>.</summary>
    public bool IsMerged { get; }

    /// <summary>
    /// True for Ansible's own <c>hostvars</c>: a view of every host's variables. Listings and diffs
    /// leave it out: each host's variables are listed for that host, and printing the view for every
    /// host would compute every host once per host.
    /// </summary>
    public bool IsOtherHostsView => Name == "hostvars" && Winner.Source.Level == PrecedenceLevel.Magic;

    /// <summary>True when the value is fully known without evaluating templates or secrets.</summary>
    public bool IsKnown => !Value.IsTemplated && !ContainsVault(Value);

    private static bool ContainsVault(AnsibleValue value) => value switch
    {
        AnsibleVault => true,
        AnsibleList list => list.Items.Any(ContainsVault),
        AnsibleDict dict => dict.Entries.Any(static e => ContainsVault(e.Value)),
        _ => false,
    };
}

/// <summary>Every variable of a host in a context.</summary>
/// <param name="Host">The inventory hostname.</param>
/// <param name="Context">The play and role.</param>
/// <param name="Sources">The sources in fold order.</param>
/// <param name="Variables">The variables by name.</param>
public sealed record Resolution(
    string Host,
    ResolutionContext Context,
    ImmutableArray<VarSource> Sources,
    VariableTable Variables)
{
    /// <summary>Templating results shared with the other resolutions of the same checkout (null: none).</summary>
    public TemplateMemo? TemplateResults { get; init; }

    /// <summary>
    /// The names that assignments matching <paramref name="matches"/> set, each once, in fold
    /// order: a rule about a few kinds of definition looks up only those variables instead of
    /// folding every variable of every context.
    /// </summary>
    public IEnumerable<string> NamesAssigned(Func<VarSource, Assignment, bool> matches)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in Sources)
        {
            foreach (var assignment in source.Assignments)
            {
                if (matches(source, assignment) && seen.Add(assignment.Name)) yield return assignment.Name;
            }
        }
    }
}
