using VarTrace.Core.Model;
using VarTrace.Core.Values;
using static VarTrace.Core.Tests.Inventory.InventoryTestSupport;

namespace VarTrace.Core.Tests.Inventory;

/// <summary>Structure, locations and errors of INI inventories (ansible-core 2.14 <c>plugins/inventory/ini.py</c>).</summary>
public sealed class IniInventoryTests
{
    // Checked with ansible-inventory 2.14.18 --list --export on this text: all's children are
    // ungrouped and prod only (web and db have a parent, so reconciliation leaves them under prod);
    // prod's children web, db; web holds h1 and h2; ungrouped holds h0; web has a=1; h1 has x=1.
    [Fact]
    public void Sections_BuildTheGroupTree()
    {
        var data = ParseIni("""
            h0
            [web]
            h1 x=1
            h2
            [db]
            h3
            [prod:children]
            web
            db
            [web:vars]
            a=1
            """);

        Assert.Equal(["ungrouped", "prod"], data.Groups["all"].Children);
        Assert.Equal(["web", "db"], data.Groups["prod"].Children);
        Assert.Equal(["h1", "h2"], data.Groups["web"].Hosts);
        Assert.Equal(["h0"], data.Groups["ungrouped"].Hosts);
        Assert.Equal(1, Assert.IsType<AnsibleInt>(VarOf(data.Groups["web"].Vars, "a")).Value);
        Assert.Equal(1, Assert.IsType<AnsibleInt>(VarOf(data.Hosts["h1"].Vars, "x")).Value);
    }

    // A child may be named before its group is declared; it is attached when the declaration comes
    // (checked with ansible-inventory 2.14.18: parent's children are [child], child holds h).
    [Fact]
    public void ChildNamedBeforeItsSection_IsAttachedLater()
    {
        var data = ParseIni("""
            [parent:children]
            child
            [child]
            h
            """);

        Assert.Equal(["child"], data.Groups["parent"].Children);
        Assert.Equal(["parent"], data.Groups["child"].Parents);
        Assert.Equal(["parent"], data.Groups["all"].Children.Where(static c => c != "ungrouped"));
    }

    // Checked with ansible-inventory 2.14.18: a host listed before any section and again in a group
    // ends up only in the group.
    [Fact]
    public void HostInUngroupedAndAGroup_LeavesUngrouped()
    {
        var data = ParseIni("""
            h1
            [g]
            h1
            """);

        Assert.Empty(data.Groups["ungrouped"].Hosts);
        Assert.Equal(["g"], data.Hosts["h1"].Groups);
    }

    [Fact]
    public void Locations_PointAtHostNamesAndKeys()
    {
        var data = ParseIni("""
            [web]
              h1 ansible_host=10.0.0.1   x="a b"
            [web:vars]
               y = 2
            """);

        Assert.Equal(new SourceLocation("hosts", 1, 2), data.Groups["web"].Location);
        Assert.Equal(new SourceLocation("hosts", 2, 3), data.Hosts["h1"].Location);
        Assert.Equal(new SourceLocation("hosts", 2, 6), data.Hosts["h1"].Vars.Single(static v => v.Name == "ansible_host").Location);
        Assert.Equal(new SourceLocation("hosts", 2, 30), data.Hosts["h1"].Vars.Single(static v => v.Name == "x").Location);
        Assert.Equal(new SourceLocation("hosts", 4, 4), data.Groups["web"].Vars.Single().Location);
        Assert.Equal("a b", Assert.IsType<AnsibleString>(VarOf(data.Hosts["h1"].Vars, "x")).Value);
    }

    // Checked with ansible-inventory 2.14.18: `h1:22` then `h1:33 b=2` leaves ansible_port 22 (the port
    // is only used when the host is created) and b=2; `h:0` sets no ansible_port (Host.__init__: `if port:`).
    [Fact]
    public void Port_IsSetOnlyWhenTheHostIsNew()
    {
        var data = ParseIni("""
            [web]
            h1:22
            h1:33 b=2
            h:0
            """);

        Assert.Equal(22, Assert.IsType<AnsibleInt>(VarOf(data.Hosts["h1"].Vars, "ansible_port")).Value);
        Assert.Single(data.Hosts["h1"].Vars, static v => v.Name == "ansible_port");
        Assert.Equal(2, Assert.IsType<AnsibleInt>(VarOf(data.Hosts["h1"].Vars, "b")).Value);
        Assert.Empty(data.Hosts["h"].Vars);
    }

    // Checked with ansible-inventory 2.14.18 --export: InventoryData.set_variable looks the name up
    // among groups first, so `web x=1` under [web] gives group web the var x, while `web:2222 a=1`
    // before [web] existed gives host web a=1 (and ansible_port 2222, which Host sets itself).
    [Fact]
    public void HostNamedLikeAGroup_HasItsVarsSetOnTheGroup()
    {
        var data = ParseIni("""
            web:2222 a=1
            [web]
            web x=1
            """);

        Assert.Equal(["ansible_port", "a"], data.Hosts["web"].Vars.Select(static v => v.Name));
        Assert.Equal(["x"], data.Groups["web"].Vars.Select(static v => v.Name));
    }

    // Python collects a line's pairs in a dict: the last value of a repeated key wins.
    [Fact]
    public void RepeatedKeyOnOneLine_KeepsTheLastValue()
    {
        var data = ParseIni("h a=1 a=2\n");

        var assignment = Assert.Single(data.Hosts["h"].Vars);
        Assert.Equal(2, Assert.IsType<AnsibleInt>(assignment.Value).Value);
        Assert.Equal(7, assignment.Location.Column);
    }

    // Checked with ansible-inventory 2.14.18 --export: the priority (shown when not 1) is 3 and 7, and
    // 1 for 1.9 and True, through Python's int(); it is never among g's own vars.
    [Theory]
    [InlineData("3", 3)]
    [InlineData("'7'", 7)]
    [InlineData("1.9", 1)]
    [InlineData("True", 1)]
    public void GroupPriority_SetsPriorityNotAVariable(string written, int priority)
    {
        var data = ParseIni($"[g]\nh\n[g:vars]\nansible_group_priority={written}\n");

        Assert.Equal(priority, data.Groups["g"].Priority);
        Assert.Equal(new SourceLocation("hosts", 4, 1), data.Groups["g"].PriorityLocation);
        Assert.Empty(data.Groups["g"].Vars);
    }

    [Fact]
    public void CommentsAndBlankLines_AreSkipped()
    {
        var data = ParseIni("""
            # comment
            ; another

            [g]   # trailing comment
            h1 a=1 # comment
            """);

        Assert.Equal(["h1"], data.Groups["g"].Hosts);
        Assert.Single(data.Hosts["h1"].Vars);
    }

    // Every text was checked with ansible-inventory 2.14.18, which refuses to parse the file (Ansible
    // then only warns; VarTrace stops).
    [Theory]
    [InlineData("[g:unknown]\nh1\n", 1, 1, "unknown type `unknown`")]
    [InlineData("[g h]\n", 1, 1, "invalid section entry `[g h]`")]
    [InlineData("[g:vars]\na=1\n", 1, 2, "section `[g:vars]` is for the group `g`, which is not defined")]
    [InlineData("[p:children]\nc\n", 2, 1, "section `[p:children]` includes the group `c`, which is not defined")]
    [InlineData("[c:vars]\nx=1\n[p:children]\nc\n", 1, 2, "section `[c:vars]`")]
    [InlineData("h1 ; x\n", 1, 4, "expected a key=value host variable, got `;`")]
    [InlineData("[g]\nh x=1 y\n", 2, 7, "got `y`")]
    [InlineData("[g]\nh1:\n", 2, 1, "trailing `:` is reserved for a port")]
    [InlineData("[g]\n---\n", 2, 1, "`---` is normally a sign that this is a YAML file")]
    [InlineData("[g]\n  h x=\"unclosed\n", 2, 3, "No closing quotation")]
    [InlineData("[g]\n\"\"\n", 2, 1, "a host name is empty")]
    [InlineData("[g:children]\na b\n", 2, 1, "expected a group name, got `a b`")]
    [InlineData("[g]\n[g:vars]\nnovalue\n", 3, 1, "expected key=value, got `novalue`")]
    [InlineData("[g]\nh\n[g:vars]\nansible_group_priority=abc\n", 4, 1, "must be an integer, not `abc`")]
    public void RejectedLine_IsAnErrorWithItsLocation(string text, int line, int column, string message)
    {
        var error = Assert.Throws<VarTraceException>(() => ParseIni(text));

        Assert.Contains(message, error.Message);
        Assert.Equal(new SourceLocation("hosts", line, column), error.Location);
    }

    // Checked with ansible-inventory 2.14.18: "Adding group 'a' as child to 'b' creates a recursive
    // dependency loop."
    [Fact]
    public void ChildrenCycle_IsAnError()
    {
        var error = Assert.Throws<VarTraceException>(() => ParseIni("[a:children]\nb\n[b:children]\na\n[a]\n"));

        Assert.Contains("its own ancestor", error.Message);
    }

    // Python's splitlines also breaks at \f, \v and U+2028, so line numbers count them.
    [Fact]
    public void LineNumbers_FollowPythonSplitlines()
    {
        var error = Assert.Throws<VarTraceException>(() => ParseIni("[g]\fh1\u2028h x\n"));

        Assert.Equal(new SourceLocation("hosts", 3, 3), error.Location);
    }
}
