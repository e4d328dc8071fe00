using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VarTrace.Core.Output;
using VarTrace.Core.Precedence;
using VarTrace.Core.Values;

namespace VarTrace.Core.Tests.Precedence;

/// <summary>
/// Compares what VarTrace evaluated with one value recorded from real Ansible by
/// <c>fixtures/precedence/record.py</c> (shared by the precedence and Jinja corpora), with the
/// recorder's normalisations: logical types, <c>&lt;project&gt;</c> paths, the omit suffix, the
/// first line of an error. Returns null when they agree, else the disagreement in one line.
/// </summary>
internal static partial class RecordedExpectation
{
    public static string? Compare(EvaluatedValue? actual, JsonElement expected, string projectRoot)
    {
        if (expected.TryGetProperty("error", out var error))
        {
            // Ansible's text wraps ours ("'x' is undefined. 'x' is undefined"): ours, cut like the
            // recording (first line, innermost message), must be part of it.
            if (actual?.Error is { } ours && NormaliseError(ours) is { Length: > 0 } first && error.GetString()!.Contains(first, StringComparison.Ordinal)) return null;
            return $"Ansible failed ({error.GetString()}); VarTrace: {Describe(actual)}";
        }

        var defined = !expected.TryGetProperty("defined", out var definedProperty) || definedProperty.GetBoolean();
        if (!defined) return actual is null ? null : $"Ansible: undefined; VarTrace: {Describe(actual)}";
        if (actual is null) return "Ansible: defined; VarTrace: undefined";
        var expectedType = NormaliseType(expected.GetProperty("type").GetString()!);
        var expectedValue = JsonNode.Parse(expected.GetProperty("value").GetRawText());

        // VarTrace never decrypts a vault by design: an opaque vault value is the right answer.
        if (expectedType == "AnsibleVaultEncryptedUnicode" && actual.Value is AnsibleUnknown) return null;
        if (actual.Error is not null || !actual.IsKnown) return $"Ansible: {Text(expectedValue)} ({expectedType}); VarTrace: {Describe(actual)}";
        var actualType = NormaliseType(actual.Value!.PythonType);
        JsonNode? actualValue;
        try
        {
            actualValue = NormaliseOmit(RecordedJson.From(actual.Value, projectRoot));
        }
        catch (ArgumentOutOfRangeException e)
        {
            return $"Ansible: {Text(expectedValue)} ({expectedType}); VarTrace: {actual.Value.PythonType} value with no recorded encoding ({e.Message})";
        }

        return expectedType == actualType && JsonNode.DeepEquals(expectedValue, actualValue)
            ? null
            : $"Ansible: {Text(expectedValue)} ({expectedType}); VarTrace: {Text(actualValue)} ({actualType})";
    }

    /// <summary>What <c>record.py</c> keeps of an error: the first line, the innermost "original message".</summary>
    private static string NormaliseError(string message)
    {
        var text = message.Trim();
        var newline = text.IndexOfAny(['\r', '\n']);
        if (newline >= 0) text = text[..newline];
        var original = text.LastIndexOf("original message: ", StringComparison.Ordinal);
        if (original >= 0) text = text[(original + "original message: ".Length)..];
        return RecursionDetail().Replace(text, "$1");
    }

    /// <summary>The recording writes the per-run omit placeholder without its random suffix.</summary>
    private static JsonNode? NormaliseOmit(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var s) => JsonValue.Create(OmitSuffix().Replace(s, "__omit_place_holder__")),
        JsonArray array => new JsonArray([.. array.Select(static item => NormaliseOmit(item))]),
        JsonObject obj => new JsonObject(obj.Select(static p => KeyValuePair.Create(OmitSuffix().Replace(p.Key, "__omit_place_holder__"), NormaliseOmit(p.Value)))),
        _ => node?.DeepClone(),
    };

    /// <summary>
    /// Text subclasses (<c>AnsibleUnicode</c> from YAML, <c>AnsibleUnsafeText</c>, <c>NativeJinjaText</c> from
    /// string-type filters such as <c>to_json</c>) are all <c>str</c>; Ansible's YAML containers are list/dict.
    /// </summary>
    private static string NormaliseType(string type) => type switch
    {
        "AnsibleUnicode" or "AnsibleUnsafeText" or "NativeJinjaText" or "str" => "str",
        "AnsibleSequence" or "list" => "list",
        "AnsibleMapping" or "dict" => "dict",
        _ => type,
    };

    private static string Describe(EvaluatedValue? value) => value switch
    {
        null => "undefined",
        { Error: { } error } => $"error ({error})",
        { Value: { } v } when !value.IsKnown => $"unknown ({value.UnknownCause})",
        { Value: { } v } => $"{AnsibleValueJson.ToCompactString(v)} ({v.PythonType})",
        _ => "no value",
    };

    private static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";

    [GeneratedRegex("__omit_place_holder__[0-9a-f]+")]
    private static partial Regex OmitSuffix();

    [GeneratedRegex("(maximum recursion depth exceeded).*$")]
    private static partial Regex RecursionDetail();
}
