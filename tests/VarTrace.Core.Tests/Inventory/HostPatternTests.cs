using VarTrace.Core.Inventory;
using VarTrace.Core.Project;

namespace VarTrace.Core.Tests.Inventory;

/// <summary>
/// Host patterns with subscripts, as `ansible -i hosts PATTERN --list-hosts` (ansible-core 2.14.18)
/// lists them for the inventory below: a subscript's colon does not separate terms.
/// </summary>
public sealed class HostPatternTests
{
    private const string Hosts = """
        [a]
        h1
        h2
        h3
        [b]
        h3
        h4
        h5
        """;

    [Theory]
    [InlineData("all[0:2]", "h1 h2 h3")]
    [InlineData("a[1]", "h2")]
    [InlineData("a[-1]", "h3")]
    [InlineData("b[1:]", "h4 h5")]
    [InlineData("a:b[0:1]", "h1 h2 h3 h4")]
    [InlineData("a[0:1]:b[2]", "h1 h2 h5")]
    [InlineData("all[1:3]:!h3", "h2 h4")]
    [InlineData("a:&b", "h3")]
    [InlineData("b[0:1],a[2]", "h3 h4")]
    public void Subscripts_SelectWhatAnsibleLists(string pattern, string expected)
    {
        var inventory = InventoryTestSupport.ParseIni(Hosts);

        Assert.Equal(expected.Split(' '), HostPattern.Match(inventory, pattern));
    }
}
