using System.Globalization;
using System.Text.Json.Nodes;
using VarTrace.Core.Values;

namespace VarTrace.Core.Tests.Precedence;

/// <summary>
/// Writes a VarTrace value in the JSON encoding of <c>fixtures/precedence/record.py</c> (see its
/// README): plain JSON where exact, tagged <c>{"__vartrace__": kind}</c> objects for floats JSON
/// cannot carry, dates and dicts with non-string keys, and the project path as <c>&lt;project&gt;</c>.
/// </summary>
internal static class RecordedJson
{
    public static JsonNode? From(AnsibleValue value, string projectRoot) => value switch
    {
        AnsibleNull => null,
        AnsibleBool b => JsonValue.Create(b.Value),
        AnsibleInt i => JsonNode.Parse(i.Value.ToString(CultureInfo.InvariantCulture)),
        AnsibleFloat f when double.IsFinite(f.Value) => JsonNode.Parse(f.PythonRepr()),
        AnsibleFloat f => Tagged("float", f.PythonRepr()),
        AnsibleString s => JsonValue.Create(s.Value.Replace(projectRoot, "<project>", StringComparison.Ordinal)),
        AnsibleTimestamp t => Tagged(t.HasTime ? "datetime" : "date", t.IsoFormat()),
        AnsibleList list => new JsonArray([.. list.Items.Select(item => From(item, projectRoot))]),
        AnsibleDict dict when dict.Entries.All(static e => e.Key is AnsibleString) => Object(dict, projectRoot),
        AnsibleDict dict => new JsonObject
        {
            ["__vartrace__"] = "dict",
            ["items"] = new JsonArray([.. dict.Entries.Select(e => (JsonNode)new JsonArray(From(e.Key, projectRoot), From(e.Value, projectRoot)))]),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.PythonType, "no recorded encoding"),
    };

    private static JsonObject Object(AnsibleDict dict, string projectRoot)
    {
        var result = new JsonObject();
        foreach (var entry in dict.Entries) result[((AnsibleString)entry.Key).Value] = From(entry.Value, projectRoot);
        return result;
    }

    private static JsonObject Tagged(string kind, string value) => new() { ["__vartrace__"] = kind, ["value"] = value };
}
