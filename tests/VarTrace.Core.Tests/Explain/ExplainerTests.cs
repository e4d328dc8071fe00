using VarTrace.Core.Explain;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;
using VarTrace.Tests.Infrastructure;

namespace VarTrace.Core.Tests.Explain;

/// <summary>
/// What <c>explain</c> says about losing and inapplicable definitions. The winners in these
/// projects follow rules pinned against real Ansible in fixtures/precedence (group depth, first-found
/// group_vars, per-source order of several -i); these tests pin the explanations.
/// </summary>
public sealed class ExplainerTests
{
    private const string Playbook = "- hosts: all\n  gather_facts: false\n";

    private static Explanation Explain(TempProject project, string variable, string host, params string[] inventories)
    {
        var workspace = Workspace.Load(new WorkspaceOptions(project.Root, inventories.Length == 0 ? ["hosts.ini"] : inventories, null, [], project.Root));
        var resolution = Resolver.Resolve(workspace, host, Resolver.ChooseContext(workspace, host, null, null));
        return Explainer.Explain(workspace, resolution, variable);
    }

    private static DefinitionExplanation At(Explanation explanation, string file) =>
        explanation.Definitions.Single(d => d.Assignment.Location.File == file);

    [Fact]
    public void ParentGroupVars_LoseToDeeperChild_WithDepthsInReason()
    {
        using var project = new TempProject()
            .With("hosts.ini", "[parent:children]\nchild\n[child]\nh1\n")
            .With("group_vars/parent.yml", "x: from-parent\n")
            .With("group_vars/child.yml", "x: from-child\n")
            .With("site.yml", Playbook);

        var explanation = Explain(project, "x", "h1");

        Assert.Equal(DefinitionStatus.Winner, At(explanation, "group_vars/child.yml").Status);
        var parent = At(explanation, "group_vars/parent.yml");
        Assert.Equal(DefinitionStatus.Shadowed, parent.Status);
        Assert.StartsWith("group `child` is deeper than `parent` (depth 2 > 1)", parent.Reason);
        Assert.Contains("group_vars/child.yml:1:1", parent.Reason);
    }

    [Fact]
    public void EqualDepthGroups_LaterNameWins_AndReasonSaysSo()
    {
        using var project = new TempProject()
            .With("hosts.ini", "[alpha]\nh1\n[beta]\nh1\n")
            .With("group_vars/alpha.yml", "x: a\n")
            .With("group_vars/beta.yml", "x: b\n")
            .With("site.yml", Playbook);

        var explanation = Explain(project, "x", "h1");

        Assert.Equal("b", ((VarTrace.Core.Values.AnsibleString)explanation.Resolved!.Value).Value);
        Assert.StartsWith("at equal depth and priority, group `beta` sorts after `alpha` by name", At(explanation, "group_vars/alpha.yml").Reason);
    }

    [Fact]
    public void GroupVarsFileBehindDirectory_IsNeverRead()
    {
        using var project = new TempProject()
            .With("hosts.ini", "[web]\nh1\n")
            .With("group_vars/web/main.yml", "x: from-dir\n")
            .With("group_vars/web.yml", "x: from-file\n")
            .With("site.yml", Playbook);

        var explanation = Explain(project, "x", "h1");

        Assert.Equal("group_vars/web/main.yml", explanation.Resolved!.Winner.Assignment.Location.File);
        var file = At(explanation, "group_vars/web.yml");
        Assert.Equal(DefinitionStatus.NotApplicable, file.Status);
        Assert.Contains("never read", file.Reason);
        Assert.Contains("`group_vars/web/` exists", file.Reason);
    }

    [Fact]
    public void GroupTheHostIsNotIn_IsNotApplicable()
    {
        using var project = new TempProject()
            .With("hosts.ini", "[web]\nh1\n[db]\nh2\n")
            .With("group_vars/db.yml", "x: db\n")
            .With("site.yml", Playbook);

        var explanation = Explain(project, "x", "h1");

        Assert.Null(explanation.Resolved);
        var db = Assert.Single(explanation.Definitions);
        Assert.Equal(DefinitionStatus.NotApplicable, db.Status);
        Assert.Equal("host `h1` is not in group `db`", db.Reason);
    }

    [Fact]
    public void LaterInventorySource_BeatsEarlierSourcesDeeperGroup()
    {
        using var project = new TempProject()
            .With("a/hosts.ini", "[parent:children]\nchild\n[child]\nh1\n")
            .With("a/group_vars/child.yml", "x: a-child\n")
            .With("b/hosts.ini", "[parent]\n")
            .With("b/group_vars/parent.yml", "x: b-parent\n")
            .With("site.yml", Playbook);

        var explanation = Explain(project, "x", "h1", "a/hosts.ini", "b/hosts.ini");

        Assert.Equal("b/group_vars/parent.yml", explanation.Resolved!.Winner.Assignment.Location.File);
        Assert.StartsWith("`b/hosts.ini` is a later inventory source (-i)", At(explanation, "a/group_vars/child.yml").Reason);
    }

    [Fact]
    public void RoleDefaultLosingToGroupVars_NamesTheHigherLevel()
    {
        using var project = new TempProject()
            .With("hosts.ini", "[web]\nh1\n")
            .With("group_vars/web.yml", "port: 8080\n")
            .With("roles/app/defaults/main.yml", "port: 80\n")
            .With("site.yml", "- hosts: web\n  gather_facts: false\n  roles: [app]\n");

        var explanation = Explain(project, "port", "h1");

        var defaults = At(explanation, "roles/app/defaults/main.yml");
        Assert.Equal(DefinitionStatus.Shadowed, defaults.Status);
        Assert.StartsWith("overridden by 6/22 inventory group_vars", defaults.Reason);
    }

    [Fact]
    public void RoleOfAnotherPlay_IsNotApplicable()
    {
        using var project = new TempProject()
            .With("hosts.ini", "[web]\nh1\n")
            .With("roles/app/defaults/main.yml", "port: 80\n")
            .With("site.yml", "- hosts: web\n  gather_facts: false\n- hosts: web\n  gather_facts: false\n  roles: [app]\n");

        var explanation = Explain(project, "port", "h1");

        Assert.Null(explanation.Resolved);
        var defaults = Assert.Single(explanation.Definitions);
        Assert.Equal("role `app` is in play 2, not in play 1", defaults.Reason);
    }
}
