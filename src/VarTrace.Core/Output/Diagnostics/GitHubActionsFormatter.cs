using VarTrace.Core.Checks;

namespace VarTrace.Core.Output.Diagnostics;

/// <summary>
/// GitHub Actions workflow commands: <c>::warning file=F,line=L,col=C,title=T::message</c>, which the
/// runner turns into annotations on the pull request. Values are escaped as the runner expects.
/// </summary>
public sealed class GitHubActionsFormatter : IDiagnosticFormatter
{
    /// <inheritdoc />
    public void Write(TextWriter writer, CheckResult result)
    {
        foreach (var d in result.Diagnostics)
        {
            var command = d.Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "notice" };
            var properties = $"file={Property(d.Location.File)}";
            if (d.Location.Line > 0) properties += $",line={d.Location.Line},col={Math.Max(1, d.Location.Column)}";
            properties += $",title={Property($"{d.Rule.Id} {d.Rule.Name}")}";
            writer.Write($"::{command} {properties}::{Data($"{d.Message}\n{d.Hint}")}\n");
        }
    }

    // actions/toolkit command.ts: escapeData and escapeProperty.
    private static string Data(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string Property(string text) =>
        Data(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
