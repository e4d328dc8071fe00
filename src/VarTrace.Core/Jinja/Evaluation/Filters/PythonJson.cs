using System.Globalization;
using System.Text;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation.Filters;

/// <summary>
/// Python 3.11's <c>json.dumps</c> with Ansible's <c>AnsibleJSONEncoder</c> (dates as ISO text, unsafe
/// text as plain strings), over fully known values.
/// </summary>
internal static class PythonJson
{
    /// <summary>The options <c>json.dumps</c> takes that Ansible's filters pass through.</summary>
    public sealed record Options(int? Indent, bool SortKeys, bool EnsureAscii, string ItemSeparator, string KeySeparator)
    {
        /// <summary><c>json.dumps</c>'s defaults.</summary>
        public static Options Default { get; } = new(null, false, true, ", ", ": ");
    }

    /// <summary><c>json.dumps(value, ...)</c>; raises Python's TypeError for unsupported keys or mixed-type sorting.</summary>
    public static string Dumps(AnsibleValue value, Options options)
    {
        var builder = new StringBuilder();
        Write(builder, value, options, 0);
        return builder.ToString();
    }

    /// <summary>
    /// <c>dumps(x)</c> as <c>merge_hash</c>'s error message uses it (Ansible's <c>json.dumps</c>), falling
    /// back to <c>str(x)</c> where that raises.
    /// </summary>
    public static string DumpsOrRepr(AnsibleValue value)
    {
        try
        {
            return Dumps(value, Options.Default);
        }
        catch (TemplateError)
        {
            return PythonOps.Str(value);
        }
    }

    private static void Write(StringBuilder builder, AnsibleValue value, Options options, int level)
    {
        if (level > 1000) throw new TemplateError("maximum recursion depth exceeded while encoding a JSON object");
        PythonOps.CheckLength(builder.Length);
        switch (value)
        {
            case AnsibleNull:
                builder.Append("null");
                break;
            case AnsibleBool b:
                builder.Append(b.Value ? "true" : "false");
                break;
            case AnsibleInt i:
                builder.Append(PythonOps.IntStr(i.Value));
                break;
            case AnsibleFloat f:
                builder.Append(FloatText(f.Value));
                break;
            case AnsibleString s:
                WriteString(builder, s.Value, options.EnsureAscii);
                break;
            case AnsibleTimestamp t:
                WriteString(builder, t.IsoFormat(), options.EnsureAscii);
                break;
            case AnsibleList list:
                if (list.Items.IsEmpty)
                {
                    builder.Append("[]");
                    break;
                }

                builder.Append('[');
                for (var i = 0; i < list.Items.Length; i++)
                {
                    builder.Append(i == 0 ? string.Empty : options.ItemSeparator);
                    NewLine(builder, options, level + 1);
                    Write(builder, list.Items[i], options, level + 1);
                }

                NewLine(builder, options, level);
                builder.Append(']');
                break;
            case AnsibleDict dict:
                if (dict.Entries.IsEmpty)
                {
                    builder.Append("{}");
                    break;
                }

                var entries = dict.Entries.Select(e => (Key: e.Key, e.Value)).ToList();
                if (options.SortKeys)
                {
                    // sorted(dct.items()): keys compared with '<' (a str key against an int key raises).
                    entries = [.. CoreFilters.StableSort([.. entries.Select(e => ((AnsibleValue)new AnsibleList([e.Key, e.Value]), e.Key))], reverse: false)
                        .Select(p => (((AnsibleList)p.Item).Items[0], ((AnsibleList)p.Item).Items[1]))];
                }

                builder.Append('{');
                for (var i = 0; i < entries.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : options.ItemSeparator);
                    NewLine(builder, options, level + 1);
                    WriteString(builder, KeyText(entries[i].Key), options.EnsureAscii);
                    builder.Append(options.KeySeparator);
                    Write(builder, entries[i].Value, options, level + 1);
                }

                NewLine(builder, options, level);
                builder.Append('}');
                break;
            default:
                throw new TemplateError($"Object of type {value.PythonType} is not JSON serializable");
        }
    }

    private static void NewLine(StringBuilder builder, Options options, int level)
    {
        if (options.Indent is not { } indent) return;
        builder.Append('\n').Append(' ', indent * level);
    }

    /// <summary>A dict key as <c>json.dumps</c> converts it.</summary>
    private static string KeyText(AnsibleValue key) => key switch
    {
        AnsibleString s => s.Value,
        AnsibleBool b => b.Value ? "true" : "false",
        AnsibleNull => "null",
        AnsibleInt i => PythonOps.IntStr(i.Value),
        AnsibleFloat f => FloatText(f.Value),
        _ => throw new TemplateError($"keys must be str, int, float, bool or None, not {key.PythonType}"),
    };

    private static string FloatText(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "Infinity" : double.IsNegativeInfinity(value) ? "-Infinity" : PythonOps.FloatRepr(value);

    /// <summary>Python's <c>json.encoder</c> string escaping (<c>ensure_ascii</c> escapes everything above U+007F as <c>\uXXXX</c>).</summary>
    internal static void WriteString(StringBuilder builder, string text, bool ensureAscii)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < ' ' || (ensureAscii && c > '~')) builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }

        builder.Append('"');
    }
}
