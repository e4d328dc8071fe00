using VarTrace.Core.Checks;
using VarTrace.Core.Diff;

namespace VarTrace.Core.Output.Diff;

/// <summary>
/// <c>vartrace diff --format text</c>: one block per change, hosts that change alike together, then
/// the findings of <c>check</c> the change introduced and fixed, one line each.
/// </summary>
public static class DiffTextFormatter
{
    /// <summary>Writes the diff.</summary>
    public static void Write(TextWriter output, RevisionDiff diff)
    {
        output.WriteLine($"# vartrace diff: base `{diff.Base}` -> {diff.HeadLabel} ({diff.Playbook})");
        output.WriteLine($"# {Summary(diff)}");
        foreach (var host in diff.AddedHosts) output.WriteLine($"host {host} added");
        foreach (var host in diff.RemovedHosts) output.WriteLine($"host {host} removed");
        foreach (var context in diff.AddedContexts) output.WriteLine($"context added: {context}");
        foreach (var context in diff.RemovedContexts) output.WriteLine($"context removed: {context}");
        foreach (var group in diff.Groups)
        {
            var change = group.Change;
            output.WriteLine();
            output.WriteLine($"{change.Variable}  {Describe(change.Kind)}");
            output.WriteLine($"  hosts    {string.Join(", ", group.Hosts)}");
            output.WriteLine($"  in       {group.Contexts[0]}");
            foreach (var context in group.Contexts.Skip(1)) output.WriteLine($"           {context}");
            output.WriteLine($"  base     {Side(change.Base)}");
            output.WriteLine($"  head     {Side(change.Head)}");
            if (change.StoppedTakingEffect) output.WriteLine($"  stopped  {change.Base.SourceText} is still defined but no longer takes effect");
            if (change.StartedTakingEffect) output.WriteLine($"  started  {change.Head.SourceText} was already defined but lost in the base");
        }

        WriteFindings(output, "introduced by the change", diff.IntroducedFindings.Select(static f => f.Finding).ToList());
        WriteFindings(output, "fixed by the change", diff.FixedFindings);
    }

    private static string FindingsSummary(RevisionDiff diff) =>
        $"{Count(diff.IntroducedFindings.Length, "finding")} introduced, {diff.FixedFindings.Length} fixed";

    /// <summary>"2 variables change on 6 of 7 hosts (3 changes, 70 contexts compared); check: 1 finding introduced, 0 fixed".</summary>
    public static string Summary(RevisionDiff diff)
    {
        var findings = $"check: {FindingsSummary(diff)}";
        if (diff.Groups.IsEmpty) return $"no effective value changes ({diff.HostsCompared} hosts, {diff.ContextsCompared} contexts compared); {findings}";
        var variables = diff.Groups.Select(static g => g.Change.Variable).Distinct().Count();
        var hosts = diff.Groups.SelectMany(static g => g.Hosts).Distinct().Count();
        return $"{Count(variables, "variable")} change on {hosts} of {Count(diff.HostsCompared, "host")} ({Count(diff.Groups.Length, "change")}, {Count(diff.ContextsCompared, "context")} compared); {findings}";
    }

    /// <summary>"value changed", "added", "removed", "source moved".</summary>
    public static string Describe(ChangeKind kind) => kind switch
    {
        ChangeKind.ValueChanged => "value changed",
        ChangeKind.Added => "added",
        ChangeKind.Removed => "removed",
        ChangeKind.SourceMoved => "source moved, same value",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static void WriteFindings(TextWriter output, string what, IReadOnlyList<Diagnostic> findings)
    {
        if (findings.Count == 0) return;
        output.WriteLine();
        output.WriteLine($"check findings {what} ({findings.Count})");
        foreach (var d in findings) output.WriteLine($"  {d.Location}: {d.Severity.Name()}[{d.Rule.Id}]: {d.Message}");
    }

    private static string Side(DiffSide side) => side.Value is null ? "(undefined)" : $"{side.Value}  from {side.SourceText}";

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
