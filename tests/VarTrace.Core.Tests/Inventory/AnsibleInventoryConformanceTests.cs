using System.Text.Json;
using VarTrace.Core.Inventory;
using VarTrace.Core.Model;
using static VarTrace.Core.Tests.Inventory.InventoryTestSupport;

namespace VarTrace.Core.Tests.Inventory;

/// <summary>
/// Each case under <c>fixtures/inventory/</c> holds inventory sources and <c>expected.json</c>, what
/// ansible-inventory 2.14.18 printed for them with <c>--list --export</c> (recorded by
/// <c>fixtures/inventory/regenerate-expected.sh</c>). VarTrace's reading must give the same groups,
/// hosts, children, priorities and variables, in the same order.
/// </summary>
public sealed class AnsibleInventoryConformanceTests
{
    public static TheoryData<string> Cases() =>
        [.. Directory.GetDirectories(FixturesDirectory()).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_ReadsLikeAnsibleInventory(string name)
    {
        var directory = Path.Combine(FixturesDirectory(), name);
        var sources = File.ReadAllLines(Path.Combine(directory, "sources")).Where(static l => l.Length > 0).ToList();
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "expected.json")));

        var data = InventoryLoader.Load(directory, sources);

        AssertGroups(expected.RootElement, data);
        AssertHostVars(expected.RootElement.GetProperty("_meta").GetProperty("hostvars"), data);
    }

    /// <summary>
    /// ansible-inventory's <c>json_inventory</c> lists, per group, its hosts (not for all), children and
    /// vars (with <c>ansible_group_priority</c> when it is not 1), and leaves out empty entries.
    /// </summary>
    private static void AssertGroups(JsonElement expected, InventoryData data)
    {
        var listed = data.Groups.Values.Where(static g => (g.Hosts.Count > 0 && g.Name != "all") || g.Children.Count > 0 || g.Vars.Count > 0 || g.Priority != 1);
        Assert.Equal(
            expected.EnumerateObject().Select(static p => p.Name).Where(static n => n != "_meta").Order(StringComparer.Ordinal),
            listed.Select(static g => g.Name).Order(StringComparer.Ordinal));

        foreach (var group in listed)
        {
            var entry = expected.GetProperty(group.Name);
            Assert.Equal(Names(entry, "hosts"), group.Name == "all" ? [] : group.Hosts);
            Assert.Equal(Names(entry, "children"), group.Children);
            var vars = entry.TryGetProperty("vars", out var v) ? v.EnumerateObject().ToDictionary(static p => p.Name, static p => p.Value) : [];
            if (group.Priority != 1)
            {
                Assert.Equal(group.Priority, vars["ansible_group_priority"].GetInt32());
                vars.Remove("ansible_group_priority");
            }

            AssertVars(vars, group.Vars);
        }
    }

    private static void AssertHostVars(JsonElement expected, InventoryData data)
    {
        var withVars = data.Hosts.Values.Where(static h => h.Vars.Count > 0).ToList();
        Assert.Equal(
            expected.EnumerateObject().Select(static p => p.Name).Order(StringComparer.Ordinal),
            withVars.Select(static h => h.Name).Order(StringComparer.Ordinal));
        foreach (var host in withVars)
        {
            AssertVars(expected.GetProperty(host.Name).EnumerateObject().ToDictionary(static p => p.Name, static p => p.Value), host.Vars);
        }
    }

    private static void AssertVars(Dictionary<string, JsonElement> expected, List<Assignment> vars)
    {
        var names = vars.Select(static v => v.Name).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), names);
        foreach (var (name, value) in expected) AssertMatchesJson(value.GetRawText(), VarOf(vars, name));
    }

    private static List<string> Names(JsonElement group, string property) =>
        group.TryGetProperty(property, out var list) ? [.. list.EnumerateArray().Select(static e => e.GetString()!)] : [];

    private static string FixturesDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!Directory.Exists(Path.Combine(directory.FullName, "fixtures", "inventory")))
        {
            directory = directory.Parent ?? throw new DirectoryNotFoundException("fixtures/inventory not found above the test binaries");
        }

        return Path.Combine(directory.FullName, "fixtures", "inventory");
    }
}
