using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using VarTrace.Core.Model;
using VarTrace.Core.Values;

namespace VarTrace.Core.Output;

/// <summary>
/// Writes <see cref="AnsibleValue"/>s as JSON the way Ansible's JSON encoder would show them to a
/// callback: keys become strings, a vault value is <c>{"__ansible_vault": ...}</c>, dates are ISO
/// text, <c>inf</c>/<c>nan</c> (which JSON cannot carry) are the strings Python prints.
/// </summary>
public static class AnsibleValueJson
{
    /// <summary>Most nodes one value may expand to, so an alias bomb cannot exhaust memory when printed.</summary>
    public const int MaxNodes = 1_000_000;

    /// <summary>Writer options shared by every JSON output: indented, deterministic, UTF-8 unescaped.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="value"/> at the writer's position.</summary>
    /// <exception cref="VarTraceException">The value expands to more than <see cref="MaxNodes"/> nodes.</exception>
    public static void Write(Utf8JsonWriter writer, AnsibleValue value)
    {
        var budget = MaxNodes;
        Write(writer, value, ref budget, long.MaxValue);
    }

    /// <summary>The value as one line of compact JSON, for text output.</summary>
    public static string ToCompactString(AnsibleValue value, int maxLength = 120)
    {
        // `values` prints thousands of these per host: reuse one buffer and writer per thread (a
        // nested call, for a non-string dict key, finds none and makes its own).
        var buffer = compactBuffer ?? new ArrayBufferWriter<byte>(256);
        var writer = compactWriter ?? new Utf8JsonWriter(buffer, CompactOptions);
        compactBuffer = null;
        compactWriter = null;
        try
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);

            // A UTF-16 char takes at most 3 UTF-8 bytes, so past 3 * maxLength bytes the text is
            // surely cut: stop there instead of writing a `groups` of thousands of hosts in full.
            var budget = MaxNodes;
            Write(writer, value, ref budget, 3L * maxLength + 3);
            writer.Flush();
            var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
            return text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 3), "...");
        }
        finally
        {
            compactBuffer = buffer;
            compactWriter = writer;
        }
    }

    private static readonly JsonWriterOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? compactBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? compactWriter;

    private static void Write(Utf8JsonWriter writer, AnsibleValue value, ref int budget, long byteLimit)
    {
        if (writer.BytesCommitted + writer.BytesPending > byteLimit) return;
        if (--budget < 0)
        {
            throw new VarTraceException(null, $"value expands to more than {MaxNodes:N0} nodes when printed (YAML aliases repeated); not printed");
        }

        switch (value)
        {
            case AnsibleNull:
                writer.WriteNullValue();
                break;
            case AnsibleBool b:
                writer.WriteBooleanValue(b.Value);
                break;
            case AnsibleInt i:
                writer.WriteRawValue(i.Value.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
                break;
            case AnsibleFloat f when double.IsFinite(f.Value):
                writer.WriteRawValue(f.PythonRepr(), skipInputValidation: true);
                break;
            case AnsibleFloat f:
                writer.WriteStringValue(f.PythonRepr());
                break;
            case AnsibleString s:
                writer.WriteStringValue(s.Value);
                break;
            case AnsibleTimestamp t:
                writer.WriteStringValue(t.IsoFormat());
                break;
            case AnsibleVault v:
                writer.WriteStartObject();
                writer.WriteString("__ansible_vault", v.CipherText);
                writer.WriteEndObject();
                break;
            case AnsibleList list:
                writer.WriteStartArray();
                foreach (var item in list.Items) Write(writer, item, ref budget, byteLimit);
                writer.WriteEndArray();
                break;
            case AnsibleDict dict:
                writer.WriteStartObject();
                foreach (var entry in dict.Entries)
                {
                    writer.WritePropertyName(KeyText(entry.Key));
                    Write(writer, entry.Value, ref budget, byteLimit);
                }

                writer.WriteEndObject();
                break;
            case AnsibleUnknown:
            case AnsibleUndefined:
                // Not JSON values: the enclosing record says `known: false` and why.
                writer.WriteNullValue();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.GetType().Name, "unhandled value type");
        }
    }

    /// <summary>Python's json.dumps turns non-string keys into text: <c>1</c> → "1", <c>True</c> → "true", <c>None</c> → "null".</summary>
    private static string KeyText(AnsibleValue key) => key switch
    {
        AnsibleString s => s.Value,
        AnsibleInt i => i.Value.ToString(CultureInfo.InvariantCulture),
        AnsibleFloat f => f.PythonRepr(),
        AnsibleBool b => b.Value ? "true" : "false",
        AnsibleNull => "null",
        AnsibleTimestamp t => t.IsoFormat(),
        _ => ToCompactString(key),
    };
}
