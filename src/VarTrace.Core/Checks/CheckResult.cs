using System.Collections.Immutable;

namespace VarTrace.Core.Checks;

/// <summary>What a check run found.</summary>
/// <param name="Diagnostics">The findings to show, sorted by path, line, column and rule.</param>
/// <param name="Suppressed">Findings silenced by an inline comment.</param>
/// <param name="Baselined">Findings already recorded in the baseline file.</param>
/// <param name="SourceLines">The lines of every file a finding points into (for excerpts), by project-relative path.</param>
public sealed record CheckResult(
    ImmutableArray<Diagnostic> Diagnostics,
    ImmutableArray<Diagnostic> Suppressed,
    ImmutableArray<Diagnostic> Baselined,
    ImmutableDictionary<string, ImmutableArray<string>> SourceLines)
{
    /// <summary>The line <paramref name="line"/> (1-based) of <paramref name="file"/>, or null when unknown.</summary>
    public string? Line(string file, int line) =>
        SourceLines.TryGetValue(file, out var lines) && line >= 1 && line <= lines.Length ? lines[line - 1] : null;

    /// <summary>The rules that produced at least one shown finding, by ID.</summary>
    public ImmutableArray<RuleDescriptor> RulesThatFired =>
        [.. Diagnostics.Select(static d => d.Rule).DistinctBy(static r => r.Id).OrderBy(static r => r.Id, StringComparer.Ordinal)];

    /// <summary>The highest severity among the shown findings, or <see cref="Severity.Off"/> when there are none.</summary>
    public Severity HighestSeverity => Diagnostics.IsEmpty ? Severity.Off : Diagnostics.Max(static d => d.Severity);
}
