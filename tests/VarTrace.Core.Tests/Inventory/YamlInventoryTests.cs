using VarTrace.Core.Inventory;
using VarTrace.Core.Model;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;
using static VarTrace.Core.Tests.Inventory.InventoryTestSupport;

namespace VarTrace.Core.Tests.Inventory;

/// <summary>YAML inventories (ansible-core 2.14 <c>plugins/inventory/yaml.py</c>).</summary>
public sealed class YamlInventoryTests
{
    private static InventoryData Parse(string text)
    {
        var data = new InventoryData();
        var root = Assert.IsType<YamlMappingNode>(YamlLoader.Load(text, "hosts.yml").Documents.Single());
        new YamlInventoryParser(new InventoryBuilder(data, InputLimits.Default)).Parse(root);
        data.Reconcile();
        return data;
    }

    // Checked with ansible-inventory 2.14.18 --list --export: all's vars are a=true, o=493,
    // d="2001-12-14" and priority 3; h1 has ansible_port 2222 and x=1; node1..node3, empty and zero
    // (falsy values mean no vars) end up in ungrouped; web holds w1 with priority 7 (from the string
    // "7"); db exists without hosts.
    [Fact]
    public void Groups_HostsAndVars_AreReadWithYamlTyping()
    {
        var data = Parse("""
            all:
              vars:
                a: yes
                o: 0755
                d: 2001-12-14
                ansible_group_priority: 3
              hosts:
                h1:2222:
                  x: 1
                "node[1:3]":
                empty: ""
                zero: 0
              children:
                web:
                  hosts: w1
                  vars:
                    ansible_group_priority: "7"
                db:
            """);

        var all = data.Groups["all"];
        Assert.True(Assert.IsType<AnsibleBool>(VarOf(all.Vars, "a")).Value);
        Assert.Equal(493, Assert.IsType<AnsibleInt>(VarOf(all.Vars, "o")).Value);
        Assert.Equal("2001-12-14", Assert.IsType<AnsibleTimestamp>(VarOf(all.Vars, "d")).Text);
        Assert.Equal(3, all.Priority);
        Assert.DoesNotContain(all.Vars, static v => v.Name == "ansible_group_priority");
        Assert.Equal(["ansible_port", "x"], data.Hosts["h1"].Vars.Select(static v => v.Name));
        Assert.Equal(2222, Assert.IsType<AnsibleInt>(VarOf(data.Hosts["h1"].Vars, "ansible_port")).Value);
        Assert.Equal(["h1", "node1", "node2", "node3", "empty", "zero"], data.Groups["ungrouped"].Hosts);
        Assert.Empty(data.Hosts["empty"].Vars);
        Assert.Equal(["w1"], data.Groups["web"].Hosts);
        Assert.Equal(7, data.Groups["web"].Priority);
        Assert.Equal(["ungrouped", "web", "db"], all.Children);
    }

    [Fact]
    public void Locations_AreThoseOfTheKeys()
    {
        var data = Parse("""
            web:
              hosts:
                h1:
                  x: 1
              vars:
                y: 2
            """);

        Assert.Equal(new SourceLocation("hosts.yml", 1, 1), data.Groups["web"].Location);
        Assert.Equal(new SourceLocation("hosts.yml", 3, 5), data.Hosts["h1"].Location);
        Assert.Equal(new SourceLocation("hosts.yml", 4, 7), data.Hosts["h1"].Vars.Single().Location);
        Assert.Equal(new SourceLocation("hosts.yml", 6, 5), data.Groups["web"].Vars.Single().Location);
    }

    // Checked with ansible-inventory 2.14.18: `vars: foo` gives foo=null, and a group defined under two
    // parents keeps both (g's children c, d; d's child c). Parents and depths checked through
    // ansible-core 2.14.18's InventoryManager: c's parents are [g, d], its depth 3 (all > g > d > c).
    [Fact]
    public void StringSections_AndSharedChildren_FollowThePlugin()
    {
        var data = Parse("""
            g:
              vars: foo
              children:
                c:
                  hosts:
                    h:
                d:
                  children:
                    c:
            """);

        Assert.IsType<AnsibleNull>(VarOf(data.Groups["g"].Vars, "foo"));
        Assert.Equal(["c", "d"], data.Groups["g"].Children);
        Assert.Equal(["g", "d"], data.Groups["c"].Parents);
        Assert.Equal(3, data.Groups["c"].Depth);
    }

    // Checked with ansible-inventory 2.14.18: `h[1:2]:22` gives h1 and h2, each with ansible_port 22 and v=true.
    [Fact]
    public void HostPattern_ExpandsWithPort()
    {
        var data = Parse("g:\n  hosts:\n    \"h[1:2]:22\":\n      v: yes\n");

        Assert.Equal(["h1", "h2"], data.Groups["g"].Hosts);
        Assert.All(data.Hosts.Values, static h => Assert.Equal(["ansible_port", "v"], h.Vars.Select(static v => v.Name)));
    }

    // Checked with ansible-inventory 2.14.18: the plugin warns "Skipping 'g1' as this is not a valid
    // group definition" and "Skipping unexpected key (unknown) in group (g2)", and goes on.
    [Fact]
    public void WhatThePluginSkips_IsADiagnostic()
    {
        var data = Parse("""
            g1: 5
            g2:
              hosts: {a: }
              unknown:
                k: v
              other: 1
            """);

        Assert.False(data.Groups.ContainsKey("g1"));
        Assert.Equal(["a"], data.Groups["g2"].Hosts);
        Assert.Collection(
            data.Diagnostics,
            static d => Assert.Equal(new SourceLocation("hosts.yml", 1, 1), d.Location),
            static d => Assert.Contains("`unknown` of group `g2` is skipped", d.Message),
            static d => Assert.Contains("`other` of group `g2` is skipped", d.Message));
    }

    // Each was checked with ansible-inventory 2.14.18, which refuses the file: "Invalid "hosts" entry
    // for "g" group, requires a dictionary", "Host pattern 5 must be a string", "Invalid data from
    // file, expected dictionary and got: 5", "bad is not a known host nor group", and
    // "invalid literal for int() with base 10: 'x'".
    [Theory]
    [InlineData("g:\n  hosts: [a, b]\n", 2, 10, "the `hosts` entry of group `g` must be a mapping, not a list")]
    [InlineData("all:\n  hosts:\n    5:\n", 3, 5, "host pattern `5` must be a string")]
    [InlineData("all:\n  hosts:\n    h1: 5\n", 3, 9, "the variables of host `h1` must be a mapping, not a int")]
    [InlineData("all:\n  children:\n    bad: [1, 2]\n", 3, 5, "child `bad` of group `all` is not a known host nor group")]
    [InlineData("g:\n  vars:\n    ansible_group_priority: x\n", 3, 5, "ansible_group_priority of group `g` must be an integer, not `x`")]
    public void RejectedStructure_IsAnErrorWithItsLocation(string text, int line, int column, string message)
    {
        var error = Assert.Throws<VarTraceException>(() => Parse(text));

        Assert.Contains(message, error.Message);
        Assert.Equal(new SourceLocation("hosts.yml", line, column), error.Location);
    }
}
