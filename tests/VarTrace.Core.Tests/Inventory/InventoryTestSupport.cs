using System.Globalization;
using System.Numerics;
using System.Text.Json;
using VarTrace.Core.Inventory;
using VarTrace.Core.Model;
using VarTrace.Core.Values;

namespace VarTrace.Core.Tests.Inventory;

/// <summary>Helpers shared by the inventory tests.</summary>
internal static class InventoryTestSupport
{
    /// <summary>Parses INI text as the file <paramref name="path"/> and reconciles the result.</summary>
    public static InventoryData ParseIni(string text, string path = "hosts")
    {
        var data = new InventoryData();
        new IniInventoryParser(new InventoryBuilder(data, InputLimits.Default), path).Parse(text);
        data.Reconcile();
        return data;
    }

    /// <summary>The value a later assignment of <paramref name="name"/> leaves, as Ansible's dict keeps it.</summary>
    public static AnsibleValue VarOf(IEnumerable<Assignment> vars, string name) => vars.Last(v => v.Name == name).Value;

    /// <summary>
    /// Asserts that <paramref name="actual"/> is the value whose JSON ansible-inventory printed. Python's
    /// json module writes floats with a <c>.</c> or an exponent and ints without, so the type is checked too.
    /// </summary>
    public static void AssertMatchesJson(string expectedJson, AnsibleValue actual)
    {
        using var document = JsonDocument.Parse(expectedJson);
        AssertMatches(document.RootElement, actual, "$");
    }

    private static void AssertMatches(JsonElement expected, AnsibleValue actual, string path)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Null:
                Assert.IsType<AnsibleNull>(actual);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                Assert.Equal(expected.GetBoolean(), Assert.IsType<AnsibleBool>(actual).Value);
                break;
            case JsonValueKind.String when actual is AnsibleTimestamp timestamp:
                // A YAML date prints as its ISO text; only plain dates are used in the fixtures.
                Assert.Equal(expected.GetString(), timestamp.Text);
                break;
            case JsonValueKind.String:
                Assert.Equal(expected.GetString(), Assert.IsType<AnsibleString>(actual).Value);
                break;
            case JsonValueKind.Number:
                var raw = expected.GetRawText();
                if (raw.IndexOfAny(['.', 'e', 'E']) >= 0)
                {
                    Assert.Equal(double.Parse(raw, CultureInfo.InvariantCulture), Assert.IsType<AnsibleFloat>(actual).Value);
                }
                else
                {
                    Assert.Equal(BigInteger.Parse(raw, CultureInfo.InvariantCulture), Assert.IsType<AnsibleInt>(actual).Value);
                }

                break;
            case JsonValueKind.Array:
                var items = Assert.IsType<AnsibleList>(actual).Items;
                Assert.Equal(expected.GetArrayLength(), items.Length);
                var index = 0;
                foreach (var item in expected.EnumerateArray())
                {
                    AssertMatches(item, items[index], $"{path}[{index}]");
                    index++;
                }

                break;
            default:
                // JSON object keys are strings; Python's json module writes int keys in decimal.
                var dict = Assert.IsType<AnsibleDict>(actual);
                var keys = dict.Entries.Select(static e => e.Key switch
                {
                    AnsibleString s => s.Value,
                    AnsibleInt i => i.Value.ToString(CultureInfo.InvariantCulture),
                    var other => throw new InvalidOperationException($"unexpected key type {other.PythonType}"),
                }).ToList();
                var properties = expected.EnumerateObject().ToList();
                Assert.Equal(properties.Select(static p => p.Name).Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
                foreach (var property in properties)
                {
                    AssertMatches(property.Value, dict.Entries[keys.IndexOf(property.Name)].Value, $"{path}.{property.Name}");
                }

                break;
        }
    }
}

/// <summary>A throw-away project directory for loader tests.</summary>
internal sealed class TempProject : IDisposable
{
    public TempProject() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "vartrace-inventory-" + Guid.NewGuid().ToString("N"));

    /// <summary>Writes a file (parent directories are created) and returns its absolute path.</summary>
    public string Write(string relativePath, string text)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
