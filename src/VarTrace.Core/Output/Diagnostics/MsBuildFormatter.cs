using VarTrace.Core.Checks;

namespace VarTrace.Core.Output.Diagnostics;

/// <summary>
/// One canonical MSBuild error line per finding, <c>path(line,col): warning VT1002: message</c>, the
/// shape VS Code's <c>$msCompile</c> problem matcher and MSBuild loggers read. Info maps to <c>info</c>.
/// </summary>
public sealed class MsBuildFormatter : IDiagnosticFormatter
{
    /// <inheritdoc />
    public void Write(TextWriter writer, CheckResult result)
    {
        foreach (var d in result.Diagnostics)
        {
            var position = d.Location.Line > 0 ? $"({d.Location.Line},{Math.Max(1, d.Location.Column)})" : "(1,1)";
            writer.Write($"{d.Location.File}{position}: {d.Severity.Name()} {d.Rule.Id}: {OneLine(d.Message)}\n");
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
