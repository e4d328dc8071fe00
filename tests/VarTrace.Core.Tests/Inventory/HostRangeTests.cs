using VarTrace.Core.Inventory;
using VarTrace.Core.Model;
using static VarTrace.Core.Tests.Inventory.InventoryTestSupport;

namespace VarTrace.Core.Tests.Inventory;

/// <summary>Host patterns: parse_address ports and expand_hostname_range, as ansible-core 2.14 does them.</summary>
public sealed class HostRangeTests
{
    // Checked with ansible-inventory 2.14.18: each pattern alone under `[g]` in an INI file; the hosts are
    // the group's `hosts` from `--list --export` in order, the port their `ansible_port`.
    [Theory]
    [InlineData(@"node[1:3]", @"node1 node2 node3", null)]
    [InlineData(@"node[01:10]", @"node01 node02 node03 node04 node05 node06 node07 node08 node09 node10", null)]
    [InlineData(@"db[a:c]", @"dba dbb dbc", null)]
    [InlineData(@"db[x:B]", @"dbx dby dbz dbA dbB", null)]
    [InlineData(@"s[1:10:4]", @"s1 s5 s9", null)]
    [InlineData(@"z[01:03]-[1:2]", @"z01-1 z01-2 z02-1 z02-2 z03-1 z03-2", null)]
    [InlineData(@"web[8:11].example.com", @"web8.example.com web9.example.com web10.example.com web11.example.com", null)]
    [InlineData(@"h[:2]", @"h0 h1 h2", null)]
    [InlineData(@"h[3:1]", @"", null)]
    [InlineData(@"h[0:5:-1]", @"", null)]
    [InlineData(@"a[1:2]b[1:2]c[1:2]", @"a1b1c1 a1b1c2 a1b2c1 a1b2c2 a2b1c1 a2b1c2 a2b2c1 a2b2c2", null)]
    [InlineData(@"x]1:3[y", @"x1y x2y x3y", null)]
    [InlineData(@"h[08:10]", @"h08 h09 h10", null)]
    [InlineData(@"h[1:3]:22", @"h1 h2 h3", 22)]
    [InlineData(@"10.0.0.[1:3]", @"10.0.0.1 10.0.0.2 10.0.0.3", null)]
    [InlineData(@"10.0.0.1:2200", @"10.0.0.1", 2200)]
    [InlineData(@"[::1]:22", @"::1", 22)]
    [InlineData(@"fe80::1", @"fe80::1", null)]
    [InlineData(@"h[ab:d]", @"ha hb hc hd", null)]
    [InlineData(@"h_:22", @"h_:22", null)]
    [InlineData(@"h[1:2]_", @"h1_ h2_", null)]
    [InlineData(@"h[1:3:2]x[a:b]", @"h1xa h1xb h3xa h3xb", null)]
    [InlineData(@"w[1:1]", @"w1", null)]
    [InlineData(@"m[0:3:3]", @"m0 m3", null)]
    [InlineData(@"h:0", @"h", null)]
    [InlineData(@"[h[1:2]]:5", @"h1 h2", 5)]
    [InlineData(@"h[3:1]x[", @"", null)]
    [InlineData(@"h[1:2]x[3:1]", @"", null)]
    [InlineData(@"h[-2:1]", @"h-2 h-1 h0 h1", null)]
    [InlineData(@"h[-02:01]", @"h-2 h-1 h0 h1", null)]
    public void Pattern_ExpandsLikeAnsible(string pattern, string hosts, int? port)
    {
        var data = ParseIni($"[g]\n{pattern}\n");

        Assert.Equal(hosts.Split(' ', StringSplitOptions.RemoveEmptyEntries), data.Groups["g"].Hosts);
        foreach (var host in data.Groups["g"].Hosts)
        {
            var ports = data.Hosts[host].Vars.Where(static v => v.Name == "ansible_port").Select(static v => (int?)(int)((VarTrace.Core.Values.AnsibleInt)v.Value).Value);
            Assert.Equal(port, ports.SingleOrDefault());
        }
    }

    // Checked with ansible-inventory 2.14.18: each makes the INI plugin fail ("host range must be
    // begin:end or begin:end:step", "must specify end value", "equal-length begin and end formats",
    // "invalid literal for int()", "range() arg 3 must not be zero", "must have begin <= end", "too many
    // values to unpack", "not enough values to unpack").
    [Theory]
    [InlineData("h[1:2:3:4]", "must be begin:end or begin:end:step")]
    [InlineData("h[1:]", "must specify an end value")]
    [InlineData("h[01:5]", "equal-length begin and end formats")]
    [InlineData("h[a:5]", "is not a number or letter range")]
    [InlineData("h[1:3:0]", "has a step of 0")]
    [InlineData("h[c:a]", "must have begin <= end")]
    [InlineData("h[A:c]", "must have begin <= end")]
    [InlineData("h[1|2]", "contains `|`")]
    [InlineData("h[", "without a closing `]`")]
    public void MalformedRange_IsAnErrorAtThePattern(string pattern, string message)
    {
        var error = Assert.Throws<VarTraceException>(() => ParseIni($"[g]\n  {pattern} x=1\n"));

        Assert.Contains(message, error.Message);
        Assert.Equal(new SourceLocation("hosts", 2, 3), error.Location);
    }

    [Fact]
    public void HugeRange_IsRefusedBeforeExpanding()
    {
        var error = Assert.Throws<VarTraceException>(() => ParseIni("[g]\nx[1:10000000]\n"));

        Assert.Equal("host range `x[1:10000000]` expands to 10,000,000 hosts; the limit is 100,000 (InputLimits.MaxHostsPerPattern)", error.Message);
        Assert.Equal(new SourceLocation("hosts", 2, 1), error.Location);
    }

    [Fact]
    public void RangesMultiply_TowardsTheLimit()
    {
        var error = Assert.Throws<VarTraceException>(() => ParseIni("[g]\nx[1:1000]-[1:1000]\n"));

        Assert.Contains("expands to 1,000,000 hosts", error.Message);
    }

    [Fact]
    public void RangeAtTheLimit_IsExpanded()
    {
        var data = ParseIni("[g]\nx[1:100000]\n");

        Assert.Equal(100_000, data.Groups["g"].Hosts.Count);
    }

    [Fact]
    public void ManyPatterns_AreLimitedTogether()
    {
        var text = "[g]\n" + string.Concat(Enumerable.Range(0, 11).Select(static i => $"h{i}-[1:100000]\n"));

        var error = Assert.Throws<VarTraceException>(() => ParseIni(text));

        Assert.Contains("more than 1,000,000 host names", error.Message);
        Assert.Equal(12, error.Location!.Value.Line); // the eleventh pattern, after the [g] line
    }

    // An empty first range ends the expansion before the malformed second one is looked at
    // (checked with ansible-inventory 2.14.18: `h[3:1]x[` is accepted and yields no host).
    [Fact]
    public void EmptyRange_HidesLaterRanges()
    {
        Assert.Empty(HostRange.ExpandPattern("h[3:1]x[", new SourceLocation("hosts", 1, 1)).Hosts);
    }

    // parse_address(allow_ranges=False), as the host_list plugin calls it; checked by calling
    // ansible.parsing.utils.addresses.parse_address of ansible-core 2.14.18 on each address.
    [Theory]
    [InlineData("h1:22", "h1", 22)]
    [InlineData("10.0.0.1:2200", "10.0.0.1", 2200)]
    [InlineData("[::1]:22", "::1", 22)]
    [InlineData("fe80::1", "fe80::1", null)]
    [InlineData("web.example.com", "web.example.com", null)]
    public void Address_SplitsOffThePort(string address, string host, int? port)
    {
        var parsed = HostRange.ParseAddress(address, allowRanges: false);

        Assert.Equal(host, parsed!.Value.Host);
        Assert.Equal(port, (int?)parsed.Value.Port);
    }

    // Checked the same way: each raises AnsibleError or AnsibleParserError.
    [Theory]
    [InlineData("node[1:2]")]
    [InlineData("h_:22")]
    [InlineData("-bad")]
    public void Address_RejectedWhereAnsibleRaises(string address)
    {
        Assert.Null(HostRange.ParseAddress(address, allowRanges: false));
    }
}
