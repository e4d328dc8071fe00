using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;
using VarTrace.Core.Tasks;
using VarTrace.Core.Values;
using VarTrace.Tests.Infrastructure;

namespace VarTrace.Core.Tests.Tasks;

/// <summary>
/// What VarTrace says where real Ansible's answer depends on the run (undecidable conditions,
/// registered results), and how it walks broken task files. Decidable behaviour is pinned against
/// real Ansible by the keep_tasks cases of fixtures/precedence.
/// </summary>
public sealed class TaskRunnerTests
{
    private const string Inventory = "[web]\nh1\nh2\n";

    private static (Workspace Workspace, ValueEvaluator Evaluator, ResolutionContext Context) At(TempProject project, string? at, string host = "h1")
    {
        var workspace = Workspace.Load(new WorkspaceOptions(project.Root, ["hosts.ini"], null, [], project.Root));
        var context = new TaskRunner(workspace).ChooseContext(host, null, null, at);
        return (workspace, new ValueEvaluator(Resolver.Resolve(workspace, host, context), EvaluationOptions.Ansible214), context);
    }

    [Fact]
    public void SetFact_UnderAConditionOnARegisteredResult_IsEitherTheOldOrTheNewValue()
    {
        using var project = new TempProject()
            .With("hosts.ini", Inventory)
            .With("site.yml", """
                - hosts: web
                  vars:
                    size: 24
                  tasks:
                    - name: probe
                      command: /bin/true
                      register: probe
                    - name: maybe bigger
                      set_fact:
                        size: 26
                      when: probe.rc == 0
                """);

        var (_, evaluator, _) = At(project, null);

        var value = Assert.IsType<AnsibleUnknown>(evaluator.Variable("size")!.Value);
        Assert.Equal(["24", "26"], value.PossibleValues.Select(PythonRepr.Repr));
        Assert.Contains("either 24 (from play 1 `vars:` at site.yml:3:5) or 26 (if `probe.rc == 0`, set at site.yml:8:7)", value.Cause);
    }

    [Fact]
    public void SetFact_UnderAnUndecidableCondition_OverAnUndefinedVariable_MayBeUndefined()
    {
        using var project = new TempProject()
            .With("hosts.ini", Inventory)
            .With("site.yml", """
                - hosts: web
                  tasks:
                    - name: maybe
                      set_fact:
                        flag: set
                      when: lookup('env', 'HOME') == '/root'
                """);

        var (_, evaluator, _) = At(project, null);

        Assert.IsType<AnsibleUnknown>(evaluator.Expression("{{ flag is defined }}").Value);
        Assert.IsType<AnsibleUnknown>(evaluator.Expression("{{ flag | default('unset') }}").Value);
    }

    [Fact]
    public void At_PicksTheInnermostTask_AndSeesItsBlockAndTaskVarsOnly()
    {
        using var project = new TempProject()
            .With("hosts.ini", Inventory)
            .With("site.yml", """
                - hosts: web
                  tasks:
                    - name: outer
                      vars:
                        v: block
                      block:
                        - name: inner
                          debug:
                            msg: "{{ v }}"
                          vars:
                            w: task
                    - name: after
                      debug:
                        msg: after
                """);

        var (_, inner, innerContext) = At(project, "site.yml:9");
        var (_, after, _) = At(project, "site.yml:12");

        Assert.Equal("inner", innerContext.Task!.Name);
        Assert.Equal("'block'", PythonRepr.Repr(inner.Variable("v")!.Value!));
        Assert.Equal("'task'", PythonRepr.Repr(inner.Variable("w")!.Value!));
        Assert.Null(after.Variable("v"));
        Assert.Null(after.Variable("w"));
    }

    [Fact]
    public void IncludeCycle_IsReportedWhereItStarts_AndWalkingEnds()
    {
        using var project = new TempProject()
            .With("hosts.ini", Inventory)
            .With("a.yml", "- name: to b\n  include_tasks: b.yml\n")
            .With("b.yml", "- name: back to a\n  include_tasks: a.yml\n- name: fact\n  set_fact:\n    reached: true\n")
            .With("site.yml", "- hosts: web\n  tasks:\n    - include_tasks: a.yml\n");

        var (workspace, evaluator, _) = At(project, null);

        Assert.Equal(AnsibleBool.True, evaluator.Variable("reached")!.Value);
        var cycle = Assert.Single(workspace.Diagnostics, d => d.Message.Contains("includes itself"));
        Assert.Equal("b.yml:1:3", cycle.Location.ToString());
    }

    [Fact]
    public void TemplatedIncludePath_IsFollowedWhenKnown_AndReportedWhenNot()
    {
        using var project = new TempProject()
            .With("hosts.ini", Inventory)
            .With("tasks/known.yml", "- name: known\n  set_fact:\n    from_known: yes\n")
            .With("site.yml", """
                - hosts: web
                  vars:
                    which: known
                  tasks:
                    - include_tasks: "tasks/{{ which }}.yml"
                    - include_tasks: "tasks/{{ ansible_distribution }}.yml"
                """);

        var (workspace, evaluator, _) = At(project, null);

        Assert.Equal(AnsibleBool.True, evaluator.Variable("from_known")!.Value);
        var unknown = Assert.Single(workspace.Diagnostics, d => d.Message.Contains("cannot be known statically"));
        Assert.Equal("site.yml:6:7", unknown.Location.ToString());
    }

    [Fact]
    public void Register_IsAnUnknownRuntimeResult_NamingTheTask()
    {
        using var project = new TempProject()
            .With("hosts.ini", Inventory)
            .With("site.yml", "- hosts: web\n  tasks:\n    - name: run\n      command: /bin/true\n      register: out\n");

        var (_, evaluator, _) = At(project, null);

        var value = Assert.IsType<AnsibleUnknown>(evaluator.Variable("out")!.Value);
        Assert.Equal("the runtime result of `command` at site.yml:3:7", value.Cause);
        Assert.Equal(AnsibleBool.True, evaluator.Expression("{{ out is defined }}").Value);
    }

    [Fact]
    public void Hostvars_OfAHostNoPlayTargets_HasItsInventoryVariables()
    {
        using var project = new TempProject()
            .With("hosts.ini", "[web]\nh1\n[db]\nd1 port=5432\n")
            .With("site.yml", "- hosts: web\n  tasks: []\n");

        var (_, evaluator, _) = At(project, null);

        Assert.Equal("'5433'", PythonRepr.Repr(evaluator.Expression("{{ hostvars['d1'].port + 1 }}").Value!));
        Assert.Equal(AnsibleBool.False, evaluator.Expression("{{ 'nope' in hostvars }}").Value);
    }

    [Fact]
    public void RoleThatIncludesItself_IsReportedAtTheInclude_AndWalkingEnds()
    {
        using var project = new TempProject()
            .With("hosts.ini", Inventory)
            .With("roles/loop/tasks/main.yml", "- name: fact\n  set_fact:\n    looped: once\n- name: again\n  include_role:\n    name: loop\n- name: twice\n  include_role:\n    name: loop\n")
            .With("site.yml", "- hosts: web\n  roles:\n    - loop\n");

        var (workspace, evaluator, _) = At(project, null);

        Assert.Equal("'once'", PythonRepr.Repr(evaluator.Variable("looped")!.Value!));
        Assert.Contains(workspace.Diagnostics, d => d.Message.Contains("includes itself") && d.Location.ToString() == "roles/loop/tasks/main.yml:4:3");
    }

    private const string LinesPlaybook = """
        - hosts: web
          vars:
            tier: front
          roles:
            - app
          tasks:
            - block:
                - name: first
                  set_fact:
                    seen: "{{ block_var }}"
                - name: second
                  debug:
                    msg: hi
              vars:
                block_var: 3
        - hosts: web
          vars:
            tier: back
        """;

    private static TempProject LinesProject() => new TempProject()
        .With("hosts.ini", Inventory)
        .With("site.yml", LinesPlaybook)
        .With("roles/app/defaults/main.yml", "app_port: 80\n")
        .With("roles/app/vars/main.yml", "app_user: www\n")
        .With("roles/app/tasks/main.yml", "- debug:\n    msg: app\n")
        .With("group_vars/web.yml", "tier: middle\n");

    [Fact]
    public void At_ABlockVarsLine_IsTheBlocksFirstTask()
    {
        using var project = LinesProject();

        var (_, evaluator, context) = At(project, "site.yml:15");

        Assert.Equal("first", context.Task?.Name);
        Assert.Equal("3", PythonRepr.Repr(evaluator.Variable("block_var")!.Value!));
    }

    [Fact]
    public void At_APlaysOwnLine_IsTheEndOfThatPlay()
    {
        using var project = LinesProject();

        var (_, evaluator, context) = At(project, "site.yml:18");

        Assert.Equal(2, context.Play?.Number);
        Assert.Null(context.Task);
        Assert.Null(context.Role);
        Assert.Equal("'back'", PythonRepr.Repr(evaluator.Variable("tier")!.Value!));
    }

    [Theory]
    [InlineData("roles/app/defaults/main.yml:1")]
    [InlineData("roles/app/vars/main.yml:1")]
    public void At_ARoleDefaultsOrVarsLine_IsInsideThatRole(string at)
    {
        using var project = LinesProject();

        var (_, evaluator, context) = At(project, at);

        Assert.Equal("app", context.Role?.Name);
        Assert.Null(context.Task);
        Assert.Equal("'www'", PythonRepr.Repr(evaluator.Variable("app_user")!.Value!));
    }

    [Fact]
    public void At_AGroupVarsLine_IsPlayLevelOfTheFirstPlay()
    {
        using var project = LinesProject();

        var (_, evaluator, context) = At(project, "group_vars/web.yml:1");

        Assert.Equal(1, context.Play?.Number);
        Assert.Null(context.Role);
        Assert.Equal("'front'", PythonRepr.Repr(evaluator.Variable("tier")!.Value!));
    }

    [Fact]
    public void At_ARoleDefaultsLineOfARoleNoPlayRuns_SaysSo()
    {
        using var project = LinesProject().With("roles/unused/defaults/main.yml", "x: 1\n");

        var error = Assert.Throws<Model.VarTraceException>(() => At(project, "roles/unused/defaults/main.yml:1"));

        Assert.Equal("--at roles/unused/defaults/main.yml:1: the role at `roles/unused` runs in no play of `site.yml` that targets host `h1`", error.Message);
    }
}
