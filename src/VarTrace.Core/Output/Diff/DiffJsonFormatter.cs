using System.Collections;
using System.Text;
using System.Text.Json;
using VarTrace.Core.Diff;

namespace VarTrace.Core.Output.Diff;

/// <summary><c>vartrace diff --format json</c>: <see cref="DiffModel"/> as an indented JSON document.</summary>
public static class DiffJsonFormatter
{
    /// <summary>Writes the diff.</summary>
    public static void Write(TextWriter output, RevisionDiff diff)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, AnsibleValueJson.WriterOptions))
        {
            WriteValue(writer, DiffModel.Build(diff, forTemplate: false));
        }

        output.Write(Encoding.UTF8.GetString(stream.ToArray()));
        output.Write('\n');
    }

    /// <summary>Writes a model value: dictionaries, lists, strings, numbers, booleans and null.</summary>
    internal static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case IDictionary<string, object?> dictionary:
                writer.WriteStartObject();
                foreach (var (key, item) in dictionary)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"not a model value: {value.GetType()}", nameof(value));
        }
    }
}
