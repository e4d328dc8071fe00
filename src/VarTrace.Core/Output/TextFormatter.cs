using VarTrace.Core.Explain;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;

namespace VarTrace.Core.Output;

/// <summary>
/// Human-readable output of <c>values</c> and <c>explain</c>. Like <c>npm config ls -l</c>, values
/// that lost stay visible, marked with why; like <c>git config --show-origin</c>, every value names
/// its file:line:column.
/// </summary>
public static class TextFormatter
{
    /// <summary>Writes every variable of a resolution, one per line, sorted by name.</summary>
    public static void WriteValues(TextWriter output, Workspace workspace, Resolution resolution)
    {
        output.WriteLine($"# host {resolution.Host}, {DescribeContext(workspace, resolution.Context)}");
        var rows = resolution.Variables.Values
            .Select(v => (v.Name, Value: ValueText(v), Level: v.Winner.Source.Level.Label(), Location: LocationText(v.Winner)))
            .ToList();
        var nameWidth = rows.Count == 0 ? 0 : Math.Min(40, rows.Max(static r => r.Name.Length));
        var valueWidth = rows.Count == 0 ? 0 : Math.Min(40, rows.Max(static r => r.Value.Length));
        var levelWidth = rows.Count == 0 ? 0 : rows.Max(static r => r.Level.Length);
        foreach (var row in rows)
        {
            output.WriteLine($"{row.Name.PadRight(nameWidth)}  {row.Value.PadRight(valueWidth)}  {row.Level.PadRight(levelWidth)}  {row.Location}".TrimEnd());
        }
    }

    /// <summary>Writes the explanation of one variable.</summary>
    public static void WriteExplanation(TextWriter output, Workspace workspace, Explanation explanation)
    {
        var context = DescribeContext(workspace, explanation.Context);
        if (explanation.Resolved is { } resolved)
        {
            output.WriteLine($"{explanation.Variable} = {ValueText(resolved)}  ({resolved.Value.PythonType})");
            output.WriteLine($"  set in  {LocationText(resolved.Winner)}");
            output.WriteLine($"  level   {resolved.Winner.Source.Level.Label()}: {resolved.Winner.Source.Origin}");
            if (!resolved.IsKnown) output.WriteLine("  note    the value holds a template or a vault secret and is shown as written, not evaluated");
            if (resolved.IsMerged) output.WriteLine("  note    hash_behaviour=merge: the value merges several dicts below");
        }
        else
        {
            output.WriteLine($"{explanation.Variable} is not defined");
        }

        output.WriteLine($"  for     host {explanation.Host}, {context}");
        if (explanation.Definitions.IsEmpty)
        {
            output.WriteLine();
            output.WriteLine($"No definition of `{explanation.Variable}` was found in the checkout, its inventory or the extra vars.");
            return;
        }

        output.WriteLine();
        output.WriteLine("Definitions, highest precedence first:");
        var rows = explanation.Definitions.Reverse()
            .Select(d => (Mark: Mark(d.Status), Level: d.Level.Label(), d.Origin, Location: d.Assignment.Location.File.Length == 0 ? "(Ansible)" : d.Assignment.Location.ToString(), Value: AnsibleValueJson.ToCompactString(d.Assignment.Value, 60), d.Reason))
            .ToList();
        var levelWidth = rows.Max(static r => r.Level.Length);
        var originWidth = Math.Min(40, rows.Max(static r => r.Origin.Length));
        var locationWidth = rows.Max(static r => r.Location.Length);
        foreach (var row in rows)
        {
            output.WriteLine($"  {row.Mark,-6}  {row.Level.PadRight(levelWidth)}  {row.Origin.PadRight(originWidth)}  {row.Location.PadRight(locationWidth)}  {row.Value}");
            if (row.Reason is not null) output.WriteLine($"          {row.Reason}");
        }
    }

    private static string Mark(DefinitionStatus status) => status switch
    {
        DefinitionStatus.Winner => "WINS",
        DefinitionStatus.Shadowed => "LOSES",
        DefinitionStatus.Merged => "MERGED",
        DefinitionStatus.NotApplicable => "N/A",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static string ValueText(ResolvedVariable variable) => AnsibleValueJson.ToCompactString(variable.Value, 60);

    private static string LocationText(AppliedDefinition definition) =>
        definition.Assignment.Location.File.Length == 0 ? "(set by Ansible)" : definition.Assignment.Location.ToString();

    private static string DescribeContext(Workspace workspace, ResolutionContext context)
    {
        if (context.Play is not { } play) return $"inventory only (`{workspace.Playbook}` has no play)";
        var role = context.Role is null ? "outside any role" : $"inside role `{context.Role.Name}`";
        return $"{play.Title} of {workspace.Playbook} (hosts `{play.Hosts}`, {play.Location}), {role}";
    }
}
