using System.Collections.Immutable;
using VarTrace.Core.Model;
using VarTrace.Core.Project;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Tasks;

/// <summary>A <c>when:</c> condition as written, with where it stands.</summary>
/// <param name="Expression">The condition (a Jinja expression without braces), or what it depends on at run time.</param>
/// <param name="Location">Where it is written.</param>
/// <param name="IsRuntime">True for what only the run decides (a <c>rescue</c> runs after a failure, a handler when notified).</param>
public sealed record TaskCondition(string Expression, SourceLocation Location, bool IsRuntime = false);

/// <summary>The part of a play a task runs in.</summary>
public enum TaskSection
{
    /// <summary><c>pre_tasks</c>.</summary>
    PreTasks,

    /// <summary>A role of the play's <c>roles:</c> (or its dependencies).</summary>
    Roles,

    /// <summary><c>tasks</c>.</summary>
    Tasks,

    /// <summary><c>post_tasks</c>.</summary>
    PostTasks,

    /// <summary><c>handlers</c>: they run only when notified.</summary>
    Handlers,
}

/// <summary>
/// What a task inherits from where it stands: its role, and the <c>vars:</c>, include params and
/// conditions of every enclosing block, include and role entry (outermost first).
/// </summary>
/// <param name="Role">The role whose task this is, or null outside roles.</param>
/// <param name="Chain">The role's dependency chain, outermost first, ending with the role.</param>
/// <param name="Vars">Block and include <c>vars:</c> (level 16/17), outermost first.</param>
/// <param name="IncludeParams"><c>vars:</c> of enclosing <c>include_tasks</c>/<c>include_role</c> (level 21).</param>
/// <param name="Conditions">Conditions of enclosing blocks, includes, imports and role entries.</param>
/// <param name="Section">Where in the play.</param>
public sealed record TaskScope(
    RoleInstance? Role,
    ImmutableArray<RoleInstance> Chain,
    ImmutableArray<Assignment> Vars,
    ImmutableArray<Assignment> IncludeParams,
    ImmutableArray<TaskCondition> Conditions,
    TaskSection Section);

/// <summary>One task of a play in execution order, with everything that decides what it defines.</summary>
/// <param name="Action">The module or action as written (e.g. <c>set_fact</c>, <c>ansible.builtin.include_vars</c>).</param>
/// <param name="Node">The task's mapping.</param>
/// <param name="Arguments">The action's arguments.</param>
/// <param name="LastLine">The last line of the file that belongs to the task.</param>
/// <param name="Scope">What it inherits.</param>
/// <param name="OwnVars">The task's own <c>vars:</c> (scoped to it alone).</param>
/// <param name="OwnConditions">The task's own <c>when:</c>.</param>
public sealed record PlayTask(
    string Action,
    YamlMappingNode Node,
    YamlNode? Arguments,
    int LastLine,
    TaskScope Scope,
    ImmutableArray<Assignment> OwnVars,
    ImmutableArray<TaskCondition> OwnConditions)
{
    /// <summary>Where the task starts.</summary>
    public SourceLocation Location => Node.Start;

    /// <summary>The task's <c>name:</c>, if any.</summary>
    public string? Name => Node.Find("name")?.Value.Value is Values.AnsibleString s ? s.Value : null;

    /// <summary>The action without its <c>ansible.builtin.</c>/<c>ansible.legacy.</c> prefix.</summary>
    public string ShortAction => TaskKeywords.ShortAction(Action);

    /// <summary>Block vars and the task's own vars, as one chain (outermost first).</summary>
    public ImmutableArray<Assignment> AllVars => Scope.Vars.AddRange(OwnVars);

    /// <summary>Every condition guarding the task, outermost first.</summary>
    public ImmutableArray<TaskCondition> AllConditions => Scope.Conditions.AddRange(OwnConditions);

    /// <summary>The <c>register:</c> name, if any.</summary>
    public string? Register => Node.Find("register")?.Value.Value is Values.AnsibleString s ? s.Value : null;

    /// <summary>True with <c>run_once: true</c>.</summary>
    public bool RunOnce => Node.Find("run_once")?.Value.Value is Values.AnsibleBool { Value: true };

    /// <summary>The <c>delegate_to:</c> value as written, if any.</summary>
    public Values.AnsibleValue? DelegateTo => Node.Find("delegate_to")?.Value.Value;

    /// <summary>True with <c>delegate_facts: true</c>.</summary>
    public bool DelegateFacts => Node.Find("delegate_facts")?.Value.Value is Values.AnsibleBool { Value: true };

    /// <summary>"`Set pool` at roles/r/tasks/main.yml:12:3" for messages.</summary>
    public string Describe() => (Name is null ? $"`{Action}` task" : $"task `{Name}`") + $" at {Location}";
}
