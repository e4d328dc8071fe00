using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;
using VarTrace.Core.Diff;
using VarTrace.Core.Model;

namespace VarTrace.Core.Output.Diff;

/// <summary>
/// <c>vartrace diff --format markdown</c>: a sticky pull-request comment rendered from a Liquid
/// template (the embedded <c>DiffComment.liquid</c>, or a team's own) with <see cref="DiffModel"/>
/// as <c>diff</c>. The built-in comment starts with <see cref="Marker"/> so a CI job can find and
/// update its earlier comment instead of adding one per push.
/// </summary>
public static class DiffMarkdownFormatter
{
    /// <summary>The hidden comment that identifies VarTrace's PR comment.</summary>
    public const string Marker = "<!-- vartrace-diff -->";

    private static readonly FluidParser Parser = new();

    /// <summary>The built-in template's text.</summary>
    public static string BuiltInTemplate { get; } = ReadBuiltInTemplate();

    /// <summary>Renders the diff with <paramref name="templateText"/> (the built-in template when null).</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="diff">The diff.</param>
    /// <param name="templateText">A Liquid template.</param>
    /// <param name="templateName">The template's file, for error messages.</param>
    /// <exception cref="VarTraceException">The template does not parse or fails to render.</exception>
    public static void Write(TextWriter output, RevisionDiff diff, string? templateText = null, string templateName = "DiffComment.liquid")
    {
        if (!Parser.TryParse(templateText ?? BuiltInTemplate, out var template, out var error))
        {
            throw new VarTraceException(SourceLocation.WholeFile(templateName), $"the Liquid template does not parse: {error}");
        }

        var options = new TemplateOptions();
        options.Filters.AddFilter("markdown_cell", static (input, _, _) => new ValueTask<FluidValue>(new StringValue(Cell(input.ToStringValue()))));
        options.Filters.AddFilter("markdown_code", static (input, arguments, _) =>
        {
            var width = arguments.Count > 0 ? (int)arguments.At(0).ToNumberValue() : int.MaxValue;
            return new ValueTask<FluidValue>(new StringValue(input.IsNil() ? "(undefined)" : Code(input.ToStringValue(), width)));
        });
        var context = new TemplateContext(options);
        context.SetValue("diff", DiffModel.Build(diff, forTemplate: true));
        try
        {
            output.Write(template.Render(context, NullEncoder.Default));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            throw new VarTraceException(SourceLocation.WholeFile(templateName), $"the Liquid template failed to render: {e.Message}");
        }
    }

    /// <summary>Text safe inside a Markdown table cell: pipes escaped, one line.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    /// <summary>An inline code span that survives backticks and pipes in the value.</summary>
    private static string Code(string text, int width)
    {
        if (text.Length > width) text = string.Concat(text.AsSpan(0, Math.Max(1, width - 3)), "...");
        var fence = text.Contains('`', StringComparison.Ordinal) ? "``" : "`";
        var padding = text.StartsWith('`') || text.EndsWith('`') ? " " : string.Empty;
        return $"{fence}{padding}{Cell(text)}{padding}{fence}";
    }

    private static string ReadBuiltInTemplate()
    {
        using var stream = typeof(DiffMarkdownFormatter).Assembly.GetManifestResourceStream("VarTrace.Core.Output.Diff.DiffComment.liquid")
            ?? throw new InvalidOperationException("the built-in diff template is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
