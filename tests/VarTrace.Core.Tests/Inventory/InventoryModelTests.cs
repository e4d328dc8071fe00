using VarTrace.Core.Inventory;
using static VarTrace.Core.Tests.Inventory.InventoryTestSupport;

namespace VarTrace.Core.Tests.Inventory;

/// <summary>Reconciliation, depth and precedence order of groups (<see cref="InventoryData"/>).</summary>
public sealed class InventoryModelTests
{
    private const string SortInventory = """
        [B]
        h
        [a]
        h
        [g10]
        h
        [g2]
        h
        [hi]
        h
        [hi:vars]
        ansible_group_priority=0
        [deep:children]
        a
        [x:children]
        b
        [a:children]
        b
        [b]
        h2
        """;

    // Checked with ansible-core 2.14.18's InventoryManager on this file (group.depth, group.priority):
    // all 0, ungrouped/B/g10/g2/hi/deep/x 1, a 2 (under deep), b 3 (all > deep > a > b is longer than
    // all > x > b).
    [Theory]
    [InlineData("all", 0)]
    [InlineData("ungrouped", 1)]
    [InlineData("B", 1)]
    [InlineData("deep", 1)]
    [InlineData("x", 1)]
    [InlineData("a", 2)]
    [InlineData("b", 3)]
    public void Depth_IsTheLongestPathFromAll(string group, int depth)
    {
        var data = ParseIni(SortInventory);

        Assert.Equal(depth, data.Groups[group].Depth);
    }

    // Checked with ansible-core 2.14.18: inventory.helpers.sort_groups(host.get_groups()) gives
    // [all, hi, B, deep, g10, g2, a] for h and [all, deep, x, a, b] for h2: depth first, then priority
    // (hi has 0), then the name as Python compares strings (B before deep, g10 before g2).
    [Theory]
    [InlineData("h", "all hi B deep g10 g2 a")]
    [InlineData("h2", "all deep x a b")]
    public void SortForPrecedence_OrdersByDepthPriorityName(string host, string order)
    {
        var data = ParseIni(SortInventory);

        var sorted = data.SortForPrecedence(data.GroupsOf(host)).Select(static g => g.Name);

        Assert.Equal(order.Split(' '), sorted);
    }

    [Fact]
    public void GroupsOf_IncludesAncestorsAndAll()
    {
        var data = ParseIni(SortInventory);

        Assert.Equal(["a", "all", "b", "deep", "x"], data.GroupsOf("h2").Order(StringComparer.Ordinal));
    }

    // Checked with ansible-inventory 2.14.18: a host only in `all` (YAML `all: hosts:`) and one listed
    // before any INI section are in ungrouped; ungrouped is a child of all at depth 1.
    [Fact]
    public void HostInNoGroup_IsPutIntoUngrouped()
    {
        var data = new InventoryData();
        data.AddHostToGroup("all", "solo", null);
        data.AddHostToGroup("ungrouped", "listed", null);

        data.Reconcile();

        Assert.Equal(["listed", "solo"], data.Groups["ungrouped"].Hosts);
        Assert.Equal(["all", "ungrouped"], data.Hosts["solo"].Groups);
        Assert.Equal(["ungrouped"], data.Groups["all"].Children);
        Assert.Equal(1, data.Groups["ungrouped"].Depth);
    }

    [Fact]
    public void AddHostToGroup_IgnoresRepeats()
    {
        var data = new InventoryData();

        data.AddHostToGroup("g", "h", null);
        data.AddHostToGroup("g", "h", null);

        Assert.Equal(["h"], data.Groups["g"].Hosts);
        Assert.Equal(["g"], data.Hosts["h"].Groups);
    }
}
