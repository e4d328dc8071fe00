using VarTrace.Core.Model;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Jinja.Evaluation.Filters;

/// <summary>ansible-core 2.14's JSON and YAML filters (<c>plugins/filter/core.py</c>).</summary>
internal static class SerializationFilters
{
    /// <summary>Registers the filters.</summary>
    public static void Register(FunctionTable table)
    {
        table.Known(ToJson, "to_json");
        table.Known(ToNiceJson, "to_nice_json");
        table.Known(FromJson, "from_json");
        table.Known(FromYaml, "from_yaml");
        table.Known(FromYamlAll, "from_yaml_all");
        table.Known(call => ToYaml(call, nice: false), "to_yaml");
        table.Known(call => ToYaml(call, nice: true), "to_nice_yaml");
    }

    /// <summary><c>to_json(**kw)</c>: <c>json.dumps</c> with Python's defaults (<c>ensure_ascii</c>, <c>', '</c> separators).</summary>
    private static AnsibleValue ToJson(FilterCall call) =>
        new AnsibleString(PythonJson.Dumps(call.Input, JsonOptions(call, PythonJson.Options.Default)));

    /// <summary><c>to_nice_json(indent=4, sort_keys=True)</c>: <c>separators=(',', ': ')</c>.</summary>
    private static AnsibleValue ToNiceJson(FilterCall call)
    {
        var indent = FunctionArgs.Int(call, 0, "indent") ?? 4;
        var sortKeys = FunctionArgs.Flag(call, 1, "sort_keys", fallback: true);
        var options = new PythonJson.Options((int)System.Numerics.BigInteger.Clamp(indent, 0, 1000), sortKeys, true, ",", ": ");
        return new AnsibleString(PythonJson.Dumps(call.Input, JsonOptions(call, options, positional: false)));
    }

    private static PythonJson.Options JsonOptions(FilterCall call, PythonJson.Options options, bool positional = true)
    {
        if (positional && !call.Arguments.IsEmpty) throw call.Error($"dumps() takes 1 positional argument but {call.Arguments.Length + 1} were given");
        foreach (var (key, value) in call.Keywords)
        {
            switch (key)
            {
                case "indent":
                    var indent = value is AnsibleNull ? null : (int?)System.Numerics.BigInteger.Clamp(PythonOps.IntOf(value), 0, 1000);
                    options = options with { Indent = indent, ItemSeparator = indent is null ? options.ItemSeparator : "," };
                    break;
                case "sort_keys":
                    options = options with { SortKeys = PythonOps.Truthy(value) == true };
                    break;
                case "ensure_ascii":
                    options = options with { EnsureAscii = PythonOps.Truthy(value) == true };
                    break;
                case "separators" when value is AnsibleList { Items.Length: 2 } pair:
                    options = options with { ItemSeparator = PythonOps.Str(pair.Items[0]), KeySeparator = PythonOps.Str(pair.Items[1]) };
                    break;
                case "vault_to_text" or "preprocess_unsafe" or "skipkeys" or "check_circular" or "allow_nan":
                    break;
                default:
                    throw call.Error($"__init__() got an unexpected keyword argument '{key}'");
            }
        }

        return options;
    }

    /// <summary><c>from_json</c>: Python's <c>json.loads</c> (which accepts <c>NaN</c> and <c>Infinity</c>).</summary>
    private static AnsibleValue FromJson(FilterCall call)
    {
        if (call.Input is not AnsibleString s) throw call.Error($"the JSON object must be str, bytes or bytearray, not {call.Input.PythonType}");
        return JsonTreeReader.TryRead(s.Value, "<from_json>", InputLimits.Default.MaxYamlDepth)?.Value ?? throw call.Error(JsonError(s.Value));
    }

    /// <summary>
    /// Python's <c>JSONDecodeError</c> text where the first value cannot start (the usual case: text
    /// that is not JSON at all); other malformed JSON gets a message without Python's exact position.
    /// </summary>
    private static string JsonError(string text)
    {
        var position = 0;
        while (position < text.Length && text[position] is ' ' or '\t' or '\n' or '\r') position++;
        string[] literals = ["null", "true", "false", "NaN", "Infinity", "-Infinity"];
        if (position < text.Length && ("{[\"-".Contains(text[position], StringComparison.Ordinal) || char.IsAsciiDigit(text[position])
            || literals.Any(l => text.AsSpan(position).StartsWith(l, StringComparison.Ordinal))))
        {
            return "Expecting value or delimiter: the text is not valid JSON (json.loads raised JSONDecodeError)";
        }

        var line = 1 + text.AsSpan(0, position).Count('\n');
        var column = position - (text.LastIndexOf('\n', Math.Max(0, position - 1)) + 1) + 1;
        if (position > 0 && text[position - 1] == '\n') column = 1;
        return $"Expecting value: line {line} column {column} (char {position})";
    }

    /// <summary><c>from_yaml</c>: a string is parsed with PyYAML's safe loader (YAML 1.1 typing); anything else is returned as is.</summary>
    private static AnsibleValue FromYaml(FilterCall call)
    {
        if (call.Input is not AnsibleString s) return call.Input;
        var documents = LoadYaml(call, s.Value);
        return documents.IsEmpty ? AnsibleNull.Instance : documents[0].Value;
    }

    /// <summary><c>from_yaml_all</c>: every document of a YAML stream, as a list (Ansible returns a generator).</summary>
    private static AnsibleValue FromYamlAll(FilterCall call)
    {
        if (call.Input is not AnsibleString s) return call.Input;
        return new AnsibleList([.. LoadYaml(call, s.Value).Select(d => d.Value)]);
    }

    private static System.Collections.Immutable.ImmutableArray<YamlNode> LoadYaml(FilterCall call, string text)
    {
        try
        {
            return YamlLoader.Load(text, "<from_yaml>").Documents;
        }
        catch (VarTraceException e)
        {
            throw call.Error(e.Message);
        }
    }

    /// <summary><c>to_yaml</c> / <c>to_nice_yaml(indent=4)</c>: PyYAML's <c>yaml.dump</c> (keys sorted, <c>allow_unicode</c>).</summary>
    private static AnsibleValue ToYaml(FilterCall call, bool nice)
    {
        var indent = nice ? FunctionArgs.Int(call, 0, "indent") ?? 4 : call.Keywords.TryGetValue("indent", out var i) ? PythonOps.IntOf(i) : 2;
        var flow = nice ? PythonYaml.FlowStyle.Block : call.Keywords.GetValueOrDefault("default_flow_style") switch
        {
            null or AnsibleNull => PythonYaml.FlowStyle.Auto,
            var v => PythonOps.Truthy(v) == true ? PythonYaml.FlowStyle.Flow : PythonYaml.FlowStyle.Block,
        };
        var sortKeys = call.Keywords.TryGetValue("sort_keys", out var sort) ? PythonOps.Truthy(sort) == true : true;
        var text = PythonYaml.Dump(call.Input, (int)System.Numerics.BigInteger.Clamp(indent, 2, 9), flow, sortKeys);
        return text is null
            ? new AnsibleUnknown($"`{call.Name}` of this value needs PyYAML's line folding or block scalars, which VarTrace does not model")
            : new AnsibleString(text);
    }
}
