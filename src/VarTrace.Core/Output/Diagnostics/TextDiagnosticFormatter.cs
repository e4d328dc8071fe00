using VarTrace.Core.Checks;

namespace VarTrace.Core.Output.Diagnostics;

/// <summary>
/// The human format, after rustc and ruff: the rule and message, <c>--&gt;</c> location, the source
/// line with carets under the finding, related locations and the <c>help:</c> line.
/// </summary>
/// <param name="colour">Whether to add ANSI colours (the CLI asks only on a terminal).</param>
public sealed class TextDiagnosticFormatter(bool colour) : IDiagnosticFormatter
{
    /// <inheritdoc />
    public void Write(TextWriter writer, CheckResult result)
    {
        foreach (var d in result.Diagnostics)
        {
            var severity = d.Severity.Name();
            writer.Write(Paint($"{severity}[{d.Rule.Id}]", d.Severity == Severity.Error ? "1;31" : d.Severity == Severity.Warning ? "1;33" : "1;36"));
            writer.Write(Paint($": {d.Message}", "1"));
            writer.Write('\n');
            writer.Write($"  --> {d.Location}\n");
            if (d.Location.Line > 0 && result.Line(d.Location.File, d.Location.Line) is { } line)
            {
                var number = d.Location.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var gutter = new string(' ', number.Length);
                var text = line.Replace('\t', ' ');
                var column = Math.Clamp(d.Location.Column, 1, text.Length + 1);
                var carets = Math.Max(1, Math.Min(d.Length, text.Length - column + 1));
                writer.Write($"{gutter} |\n");
                writer.Write($"{number} | {text}\n");
                writer.Write($"{gutter} | {new string(' ', column - 1)}{Paint(new string('^', carets), "1;31")}\n");
            }

            foreach (var related in d.Related) writer.Write($"  = note: {related.Location}: {related.Message}\n");
            writer.Write($"  = {Paint("help", "1")}: {d.Hint}\n\n");
        }

        writer.Write(DiagnosticFormatters.Summary(result));
        if (!result.Suppressed.IsEmpty) writer.Write($" ({result.Suppressed.Length} suppressed)");
        if (!result.Baselined.IsEmpty) writer.Write($" ({result.Baselined.Length} in the baseline)");
        writer.Write('\n');
    }

    private string Paint(string text, string code) => colour ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
