using VarTrace.Core.Diff;

namespace VarTrace.Core.Output.Diff;

/// <summary><c>vartrace diff --format text</c>: one block per change, hosts that change alike together.</summary>
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
    }

    /// <summary>"2 variables change on 6 of 7 hosts (3 changes, 70 contexts compared)".</summary>
    public static string Summary(RevisionDiff diff)
    {
        if (diff.Groups.IsEmpty) return $"no effective value changes ({diff.HostsCompared} hosts, {diff.ContextsCompared} contexts compared)";
        var variables = diff.Groups.Select(static g => g.Change.Variable).Distinct().Count();
        var hosts = diff.Groups.SelectMany(static g => g.Hosts).Distinct().Count();
        return $"{Count(variables, "variable")} change on {hosts} of {Count(diff.HostsCompared, "host")} ({Count(diff.Groups.Length, "change")}, {Count(diff.ContextsCompared, "context")} compared)";
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

    private static string Side(DiffSide side) => side.Value is null ? "(undefined)" : $"{side.Value}  from {side.SourceText}";

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
