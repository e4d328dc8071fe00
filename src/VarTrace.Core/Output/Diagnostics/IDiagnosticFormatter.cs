using VarTrace.Core.Checks;

namespace VarTrace.Core.Output.Diagnostics;

/// <summary>Writes a check result in one output format. Formatters know nothing about rules.</summary>
public interface IDiagnosticFormatter
{
    /// <summary>Writes <paramref name="result"/> to <paramref name="writer"/>.</summary>
    void Write(TextWriter writer, CheckResult result);
}

/// <summary>The output formats of <c>vartrace check</c>.</summary>
public enum DiagnosticFormat
{
    /// <summary>For people: message, location, source excerpt with carets, hint, related locations.</summary>
    Text,

    /// <summary>VarTrace's own JSON (schema version 1).</summary>
    Json,

    /// <summary>SARIF 2.1.0, for code scanning (GitHub, Azure DevOps, IDEs).</summary>
    Sarif,

    /// <summary>Markdown for a pull-request comment.</summary>
    Markdown,

    /// <summary><c>path(line,col): warning VT1002: message</c> lines, read by VS Code's <c>$msCompile</c> and MSBuild loggers.</summary>
    MsBuild,

    /// <summary>GitHub Actions workflow commands (<c>::warning file=...::message</c>), shown as annotations.</summary>
    GitHub,

    /// <summary>GitLab code quality report (a JSON array).</summary>
    GitLab,
}

/// <summary>Picks the formatter of a format.</summary>
public static class DiagnosticFormatters
{
    /// <summary>The formatter of <paramref name="format"/>; <paramref name="colour"/> applies to text only.</summary>
    public static IDiagnosticFormatter For(DiagnosticFormat format, bool colour = false) => format switch
    {
        DiagnosticFormat.Text => new TextDiagnosticFormatter(colour),
        DiagnosticFormat.Json => new JsonDiagnosticFormatter(),
        DiagnosticFormat.Sarif => new SarifFormatter(),
        DiagnosticFormat.Markdown => new MarkdownFormatter(),
        DiagnosticFormat.MsBuild => new MsBuildFormatter(),
        DiagnosticFormat.GitHub => new GitHubActionsFormatter(),
        DiagnosticFormat.GitLab => new GitLabCodeQualityFormatter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>"1 error, 2 warnings" for summaries.</summary>
    public static string Summary(CheckResult result)
    {
        if (result.Diagnostics.IsEmpty) return "no findings";
        var parts = new List<string>();
        foreach (var severity in (Severity[])[Severity.Error, Severity.Warning, Severity.Info])
        {
            var count = result.Diagnostics.Count(d => d.Severity == severity);
            if (count > 0) parts.Add($"{count} {severity.Name()}{(count == 1 ? string.Empty : "s")}");
        }

        return $"{result.Diagnostics.Length} finding{(result.Diagnostics.Length == 1 ? string.Empty : "s")}: {string.Join(", ", parts)}";
    }
}
