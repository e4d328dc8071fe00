using System.Buffers;
using System.Text;
using System.Text.Json;
using VarTrace.Core.Explain;
using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;
using VarTrace.Core.Values;

namespace VarTrace.Core.Output;

/// <summary>
/// The JSON contract of <c>values</c> and <c>explain</c> (schema version 1). Field names are part
/// of the contract; output is deterministic (variables sorted by name, definitions lowest first).
/// </summary>
public static class JsonFormatter
{
    /// <summary>The version of the JSON shape; bumped on any incompatible change.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Writes every variable of a resolution, templated by <paramref name="evaluator"/>.</summary>
    public static void WriteValues(TextWriter output, Workspace workspace, Resolution resolution, ValueEvaluator evaluator) =>
        Write(output, writer =>
        {
            WriteHeader(writer, workspace, resolution.Host, resolution.Context);
            writer.WriteStartObject("variables");
            foreach (var (name, variable) in resolution.Variables)
            {
                if (variable.IsOtherHostsView) continue;
                writer.WritePropertyName(name);
                writer.WriteStartObject();
                WriteVariableFields(writer, variable, evaluator.Variable(variable), WorkspaceCache<SharedValues>.For(workspace));
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });

    /// <summary>Writes the explanation of one variable.</summary>
    public static void WriteExplanation(TextWriter output, Workspace workspace, Explanation explanation) =>
        Write(output, writer =>
        {
            WriteHeader(writer, workspace, explanation.Host, explanation.Context);
            writer.WriteString("variable", explanation.Variable);
            if (explanation.Resolved is { } resolved) WriteVariableFields(writer, resolved, explanation.Evaluation);
            else writer.WriteBoolean("defined", false);
            if (explanation.Evaluation is { } evaluation && explanation.Resolved!.Value.IsTemplated)
            {
                writer.WriteStartObject("evaluation");
                writer.WritePropertyName("template");
                AnsibleValueJson.Write(writer, explanation.Resolved.Value);
                WriteSteps(writer, evaluation, explanation);
                writer.WriteEndObject();
            }

            if (explanation.TaskEvaluation is { } taskEvaluation)
            {
                writer.WriteStartObject("taskEvaluation");
                writer.WriteStartObject("task");
                WriteLocationFields(writer, taskEvaluation.Task.Location);
                writer.WriteEndObject();
                writer.WritePropertyName("template");
                AnsibleValueJson.Write(writer, taskEvaluation.Raw);
                WriteSteps(writer, taskEvaluation.Result, explanation);
                writer.WriteEndObject();
            }

            if (explanation.Expression is { } expression)
            {
                writer.WriteStartObject("expression");
                writer.WriteString("template", expression.Template);
                WriteEvaluatedFields(writer, expression.Result);
                WriteSteps(writer, expression.Result, explanation);
                writer.WriteEndObject();
            }
            writer.WriteStartArray("definitions");
            foreach (var definition in explanation.Definitions)
            {
                writer.WriteStartObject();
                writer.WriteString("level", definition.Level.Id());
                writer.WriteNumber("levelNumber", (int)definition.Level);
                WriteLocationFields(writer, definition.Assignment.Location);
                writer.WriteString("origin", definition.Origin);
                writer.WritePropertyName("raw");
                AnsibleValueJson.Write(writer, definition.Assignment.Value);
                writer.WriteString("status", StatusId(definition.Status));
                if (definition.Reason is null) writer.WriteNull("reason");
                else writer.WriteString("reason", definition.Reason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    private static string StatusId(DefinitionStatus status) => status switch
    {
        DefinitionStatus.Winner => "winner",
        DefinitionStatus.Shadowed => "shadowed",
        DefinitionStatus.Merged => "merged",
        DefinitionStatus.NotApplicable => "not-applicable",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    // One document per host is hundreds of kilobytes under `values --limit`: a buffer reused
    // across documents, decoded to the output in slices, instead of a fresh stream, array and
    // string per host on the large-object heap (whose collections were most of the run).
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_document;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private static void Write(TextWriter output, Action<Utf8JsonWriter> body)
    {
        var document = t_document ??= new ArrayBufferWriter<byte>(1 << 16);
        document.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(document, AnsibleValueJson.WriterOptions);
        writer.Reset(document);
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", SchemaVersion);
        body(writer);
        writer.WriteEndObject();
        writer.Flush();
        WriteUtf8(output, document.WrittenSpan);
        output.Write('\n');
    }

    private static void WriteUtf8(TextWriter output, ReadOnlySpan<byte> utf8)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var slice = ArrayPool<char>.Shared.Rent(1 << 14);
        try
        {
            while (!utf8.IsEmpty)
            {
                decoder.Convert(utf8, slice, flush: true, out var bytesUsed, out var charsUsed, out _);
                output.Write(slice, 0, charsUsed);
                utf8 = utf8[bytesUsed..];
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(slice);
        }
    }

    /// <summary>
    /// The JSON of large values every host shares (<c>groups</c>, <c>ansible_play_hosts</c>: each
    /// names every host), written once per checkout and copied into each host's document instead
    /// of being written again element by element (<see cref="WorkspaceCache{T}"/>).
    /// </summary>
    private sealed class SharedValues
    {
        // Below this many items writing is as cheap as looking the value up.
        private const int MinItems = 64;

        private readonly Dictionary<(AnsibleValue Value, int Depth), byte[]> _json = new(new IdentityAndDepth());

        /// <summary>The indented JSON of <paramref name="value"/> as written at <paramref name="depth"/>, or null for a small value.</summary>
        public byte[]? Json(AnsibleValue value, int depth)
        {
            if (value is not (AnsibleList { Items.Length: >= MinItems } or AnsibleDict { Entries.Length: >= MinItems })) return null;
            if (_json.TryGetValue((value, depth), out var json)) return json;

            // Written inside `depth` arrays, the value's inner lines carry the indentation they
            // have in the document; the blanks before its first character are the array's.
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, AnsibleValueJson.WriterOptions))
            {
                for (var i = 0; i < depth; i++) writer.WriteStartArray();
                writer.Flush();
                var start = buffer.WrittenCount;
                AnsibleValueJson.Write(writer, value);
                writer.Flush();
                json = buffer.WrittenSpan[start..].TrimStart(" \r\n"u8).ToArray();
            }

            return _json[(value, depth)] = json;
        }

        private sealed class IdentityAndDepth : IEqualityComparer<(AnsibleValue Value, int Depth)>
        {
            public bool Equals((AnsibleValue Value, int Depth) x, (AnsibleValue Value, int Depth) y) => ReferenceEquals(x.Value, y.Value) && x.Depth == y.Depth;

            public int GetHashCode((AnsibleValue Value, int Depth) key) => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Value), key.Depth);
        }
    }

    private static void WriteHeader(Utf8JsonWriter writer, Workspace workspace, string host, ResolutionContext context)
    {
        writer.WriteString("host", host);
        writer.WriteStartObject("context");
        writer.WriteString("playbook", workspace.Playbook);
        if (context.Play is { } play)
        {
            writer.WriteNumber("play", play.Number);
            if (play.Name is null) writer.WriteNull("playName");
            else writer.WriteString("playName", play.Name);
        }
        else
        {
            writer.WriteNull("play");
            writer.WriteNull("playName");
        }

        if (context.Role is null) writer.WriteNull("role");
        else writer.WriteString("role", context.Role.Name);
        if (context.Task is { } task)
        {
            writer.WriteStartObject("task");
            if (task.Name is null) writer.WriteNull("name");
            else writer.WriteString("name", task.Name);
            WriteLocationFields(writer, task.Location);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("task");
        }

        writer.WriteEndObject();
    }

    private static void WriteVariableFields(Utf8JsonWriter writer, ResolvedVariable variable, EvaluatedValue? evaluated, SharedValues? shared = null)
    {
        writer.WriteBoolean("defined", true);
        if (evaluated is null)
        {
            writer.WriteBoolean("known", variable.IsKnown);
            writer.WritePropertyName("value");
            AnsibleValueJson.Write(writer, variable.Value);
            writer.WriteString("type", variable.Value.PythonType);
        }
        else
        {
            // Only a definition's own value can be shared; a templated result is new for each host.
            WriteEvaluatedFields(writer, evaluated, ReferenceEquals(evaluated.Value, variable.Value) ? shared : null);
        }

        if (variable.Value.IsTemplated)
        {
            writer.WritePropertyName("raw");
            AnsibleValueJson.Write(writer, variable.Value);
        }

        writer.WriteStartObject("source");
        writer.WriteString("level", variable.Winner.Source.Level.Id());
        WriteLocationFields(writer, variable.Winner.Assignment.Location);
        writer.WriteEndObject();
    }

    /// <summary>known/value/type, plus why not known: <c>error</c> or <c>unknown</c> with <c>possibleValues</c>.</summary>
    private static void WriteEvaluatedFields(Utf8JsonWriter writer, EvaluatedValue evaluated, SharedValues? shared = null)
    {
        writer.WriteBoolean("known", evaluated.IsKnown);
        writer.WritePropertyName("value");
        if (evaluated.Value is null) writer.WriteNullValue();
        else if (shared?.Json(evaluated.Value, writer.CurrentDepth) is { } json) writer.WriteRawValue(json, skipInputValidation: true);
        else AnsibleValueJson.Write(writer, evaluated.Value);
        if (evaluated.Value is null) writer.WriteNull("type");
        else writer.WriteString("type", evaluated.Value.PythonType);
        if (evaluated.Error is { } error) writer.WriteString("error", error);
        if (evaluated.UnknownCause is { } cause) writer.WriteString("unknown", cause);
        if (!evaluated.PossibleValues.IsEmpty)
        {
            writer.WriteStartArray("possibleValues");
            foreach (var possible in evaluated.PossibleValues) AnsibleValueJson.Write(writer, possible);
            writer.WriteEndArray();
        }
    }

    private static void WriteSteps(Utf8JsonWriter writer, EvaluatedValue evaluated, Explanation explanation)
    {
        writer.WriteStartArray("steps");
        foreach (var step in evaluated.Trace)
        {
            writer.WriteStartObject();
            switch (step)
            {
                case VariableRead read:
                    writer.WriteString("kind", "read");
                    writer.WriteString("name", read.Name);
                    writer.WriteBoolean("defined", read.Value is not AnsibleUndefined);
                    writer.WritePropertyName("value");
                    AnsibleValueJson.Write(writer, read.Value);
                    if (explanation.ReadSources.TryGetValue(read.Name, out var source))
                    {
                        writer.WriteString("level", source.Source.Level.Id());
                        WriteLocationFields(writer, source.Assignment.Location);
                    }

                    break;
                case DefaultDecision decision:
                    writer.WriteString("kind", "default");
                    writer.WriteString("expression", decision.Expression);
                    writer.WriteBoolean("applied", decision.Applied);
                    writer.WriteString("reason", decision.Reason);
                    break;
                case BranchDecision branch:
                    writer.WriteString("kind", "branch");
                    writer.WriteString("condition", branch.Condition);
                    writer.WriteString("outcome", branch.Outcome);
                    break;
            }

            writer.WriteNumber("depth", step.Depth);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteLocationFields(Utf8JsonWriter writer, SourceLocation location)
    {
        if (location.File.Length == 0) writer.WriteNull("file");
        else writer.WriteString("file", location.File);
        writer.WriteNumber("line", location.Line);
        writer.WriteNumber("column", location.Column);
    }
}
