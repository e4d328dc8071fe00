using System.Globalization;
using System.Text;

namespace VarTrace.Core.Values;

/// <summary>
/// Python's <c>str()</c> of a value, which Ansible uses wherever it turns a value into text
/// (<c>to_text</c> of a <c>vars_prompt</c> default, string concatenation in templates).
/// </summary>
public static class PythonRepr
{
    /// <summary><c>str(value)</c>: a string is itself, everything else is its <c>repr</c>.</summary>
    public static string Str(AnsibleValue value) => value switch
    {
        AnsibleString s => s.Value,

        // str(date) is its ISO text; str(datetime) uses a space where isoformat() uses `T`.
        AnsibleTimestamp t => t.HasTime ? t.IsoFormat().Replace('T', ' ') : t.IsoFormat(),
        _ => Repr(value),
    };

    /// <summary><c>repr(value)</c>.</summary>
    public static string Repr(AnsibleValue value)
    {
        var builder = new StringBuilder();
        Append(builder, value, depth: 0);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, AnsibleValue value, int depth)
    {
        if (depth > 100 || builder.Length > 1_000_000)
        {
            builder.Append("...");
            return;
        }

        switch (value)
        {
            case AnsibleNull:
                builder.Append("None");
                break;
            case AnsibleBool b:
                builder.Append(b.Value ? "True" : "False");
                break;
            case AnsibleInt i:
                builder.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case AnsibleFloat f:
                builder.Append(f.PythonRepr());
                break;
            case AnsibleString s:
                AppendString(builder, s.Value);
                break;
            case AnsibleTimestamp t:
                builder.Append(t.PythonRepr());
                break;
            case AnsibleVault:
                builder.Append("<vault>");
                break;
            case AnsibleList list:
                builder.Append(list.IsTuple ? '(' : '[');
                for (var i = 0; i < list.Items.Length; i++)
                {
                    if (i > 0) builder.Append(", ");
                    Append(builder, list.Items[i], depth + 1);
                }

                // A one-item tuple keeps its comma: (1,).
                if (list.IsTuple && list.Items.Length == 1) builder.Append(',');
                builder.Append(list.IsTuple ? ')' : ']');
                break;
            case AnsibleDict dict:
                builder.Append('{');
                for (var i = 0; i < dict.Entries.Length; i++)
                {
                    if (i > 0) builder.Append(", ");
                    Append(builder, dict.Entries[i].Key, depth + 1);
                    builder.Append(": ");
                    Append(builder, dict.Entries[i].Value, depth + 1);
                }

                builder.Append('}');
                break;
            case AnsibleUnknown:
                builder.Append("<unknown>");
                break;
            case AnsibleUndefined:
                builder.Append("AnsibleUndefined");
                break;
            case IPythonObject pythonObject:
                builder.Append(pythonObject.Repr());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.PythonType, "unhandled value type");
        }
    }

    /// <summary>Python picks single quotes unless the text has a single quote and no double quote.</summary>
    private static void AppendString(StringBuilder builder, string text)
    {
        var quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
        builder.Append(quote);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c == quote) builder.Append('\\');
                    if (c < ' ' || c == '\x7f') builder.Append($"\\x{(int)c:x2}");
                    else builder.Append(c);
                    break;
            }
        }

        builder.Append(quote);
    }
}
