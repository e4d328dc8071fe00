using VarTrace.Core.Checks;

namespace VarTrace.Core.Output.Diagnostics;

/// <summary>A pull-request comment: a summary line, then one entry per finding with its hint and related locations.</summary>
public sealed class MarkdownFormatter : IDiagnosticFormatter
{
    /// <inheritdoc />
    public void Write(TextWriter writer, CheckResult result)
    {
        writer.Write($"### VarTrace: {DiagnosticFormatters.Summary(result)}\n");
        if (result.Diagnostics.IsEmpty) return;
        writer.Write('\n');
        foreach (var d in result.Diagnostics)
        {
            writer.Write($"- **{d.Severity.Name()} {d.Rule.Id}** `{d.Rule.Name}` at `{d.Location}`: {Escape(d.Message)}\n");
            foreach (var related in d.Related) writer.Write($"  - `{related.Location}`: {Escape(related.Message)}\n");
            writer.Write($"  - help: {Escape(d.Hint)} (`vartrace rules {d.Rule.Id}`)\n");
        }
    }

    // Backticks already mark names; only `<`, which would start HTML, is escaped.
    private static string Escape(string text) => text.Replace("<", "&lt;", StringComparison.Ordinal);
}
