using VarTrace.Core.Explain;
using VarTrace.Core.Model;
using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;
using VarTrace.Core.Values;

namespace VarTrace.Core.Output;

/// <summary>
/// Human-readable output of <c>values</c> and <c>explain</c>. Like <c>npm config ls -l</c>, values
/// that lost stay visible, marked with why; like <c>git config --show-origin</c>, every value names
/// its file:line:column.
/// </summary>
public static class TextFormatter
{
    /// <summary>Writes every variable of a resolution, templated, one per line, sorted by name.</summary>
    public static void WriteValues(TextWriter output, Workspace workspace, Resolution resolution, ValueEvaluator evaluator)
    {
        output.WriteLine($"# host {resolution.Host}, {DescribeContext(workspace, resolution.Context)}");
        var texts = WorkspaceCache<ListingTexts>.For(workspace);
        var rows = new List<ListedRow>(resolution.Variables.Count);
        int nameWidth = 0, valueWidth = 0, levelWidth = 0;
        foreach (var variable in resolution.Variables.Values)
        {
            if (variable.IsOtherHostsView) continue;
            var row = new ListedRow(variable.Name, texts.ValueText(variable, evaluator.Variable(variable)), variable.Winner.Source.Level.Label(), texts.Definition(variable.Winner.Assignment).Location);
            nameWidth = Math.Max(nameWidth, Math.Min(40, row.Name.Length));
            valueWidth = Math.Max(valueWidth, Math.Min(40, row.Value.Length));
            levelWidth = Math.Max(levelWidth, row.Level.Length);
            rows.Add(row);
        }

        foreach (var row in rows)
        {
            // The location ends the line; one that ends in blanks (never seen) takes the trimming path.
            if (row.Location.Length == 0 || char.IsWhiteSpace(row.Location[^1]))
            {
                output.WriteLine($"{row.Name.PadRight(nameWidth)}  {row.Value.PadRight(valueWidth)}  {row.Level.PadRight(levelWidth)}  {row.Location}".TrimEnd());
                continue;
            }

            WritePadded(output, row.Name, nameWidth);
            WritePadded(output, row.Value, valueWidth);
            WritePadded(output, row.Level, levelWidth);
            output.WriteLine(row.Location);
        }
    }

    private readonly record struct ListedRow(string Name, string Value, string Level, string Location);

    private static readonly string Blanks = new(' ', 64);

    /// <summary>Writes a column padded to <paramref name="width"/> and the two blanks that separate columns.</summary>
    private static void WritePadded(TextWriter output, string text, int width)
    {
        output.Write(text);
        for (var pad = Math.Max(0, width - text.Length) + 2; pad > 0; pad -= Blanks.Length) output.Write(Blanks.AsSpan(0, Math.Min(pad, Blanks.Length)));
    }

    /// <summary>Writes the explanation of one variable.</summary>
    public static void WriteExplanation(TextWriter output, Workspace workspace, Explanation explanation)
    {
        var context = DescribeContext(workspace, explanation.Context);
        if (explanation.Expression is { } expression)
        {
            output.WriteLine($"{expression.Template} = {EvaluatedText(expression.Result, 80)}{TypeSuffix(expression.Result)}");
            WriteSteps(output, expression.Result, explanation);
            output.WriteLine();
        }

        if (explanation.Resolved is { } resolved)
        {
            var value = explanation.Evaluation is { } evaluated ? EvaluatedText(evaluated, 400) + TypeSuffix(evaluated) : $"{ValueText(resolved)}  ({resolved.Value.PythonType})";
            output.WriteLine($"{explanation.Variable} = {value}");
            if (resolved.Value.IsTemplated) output.WriteLine($"  raw     {ValueText(resolved)}");
            output.WriteLine($"  set in  {LocationText(resolved.Winner)}");
            output.WriteLine($"  level   {resolved.Winner.Source.Level.Label()}: {resolved.Winner.Source.Origin}");
            output.WriteLine($"  for     host {explanation.Host}, {context}");
            if (resolved.IsMerged) output.WriteLine("  note    hash_behaviour=merge: the value merges several dicts below");
            if (explanation.TaskEvaluation is { } task)
            {
                output.WriteLine($"  raw     {AnsibleValueJson.ToCompactString(task.Raw, 200)}");
                output.WriteLine($"  templated when {task.Task.Describe()} ran:");
                WriteSteps(output, task.Result, explanation);
            }

            if (explanation.Evaluation is { } evaluation && resolved.Value.IsTemplated && !evaluation.Trace.IsEmpty)
            {
                output.WriteLine("  evaluation:");
                WriteSteps(output, evaluation, explanation);
            }
        }
        else
        {
            output.WriteLine($"{explanation.Variable} is not defined");
            output.WriteLine($"  for     host {explanation.Host}, {context}");
        }

        if (explanation.Definitions.IsEmpty)
        {
            output.WriteLine();
            output.WriteLine($"No definition of `{explanation.Variable}` was found in the checkout, its inventory or the extra vars.");
            return;
        }

        output.WriteLine();
        output.WriteLine("Definitions, highest precedence first:");
        var rows = explanation.Definitions.Reverse()
            .Select(d => (Mark: Mark(d.Status), Level: d.Level.Label(), d.Origin, Location: d.Assignment.Location.File.Length == 0 ? "(Ansible)" : d.Assignment.Location.ToString(), Value: d.Assignment.Value is AnsibleUnknown unknown ? $"<unknown: {unknown.Cause}>" : AnsibleValueJson.ToCompactString(d.Assignment.Value, 60), d.Reason))
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

    private static void WriteSteps(TextWriter output, EvaluatedValue evaluated, Explanation explanation)
    {
        foreach (var step in evaluated.Trace)
        {
            var indent = new string(' ', 4 + (2 * step.Depth));
            switch (step)
            {
                case VariableRead read:
                    var source = explanation.ReadSources.TryGetValue(read.Name, out var applied)
                        ? $"  ({applied.Source.Level.Label()}, {LocationText(applied)})"
                        : string.Empty;
                    var value = read.Value switch
                    {
                        AnsibleUndefined => "undefined",
                        AnsibleUnknown unknown => $"unknown: {unknown.Cause}",
                        _ => AnsibleValueJson.ToCompactString(read.Value, 60),
                    };
                    output.WriteLine($"{indent}reads {read.Name} = {value}{source}");
                    break;
                case DefaultDecision decision:
                    output.WriteLine($"{indent}{decision.Expression}: {(decision.Applied ? "fallback used" : "fallback not used")}, {decision.Reason}");
                    break;
                case BranchDecision branch:
                    output.WriteLine($"{indent}if {branch.Condition}: {branch.Outcome}");
                    break;
            }
        }

        if (evaluated.Error is { } error) output.WriteLine($"    fails: {error}");
    }

    internal static string EvaluatedText(EvaluatedValue evaluated, int width)
    {
        if (evaluated.Error is { } error) return $"<error: {error}>";
        if (evaluated.Value is AnsibleUnknown unknown)
        {
            return unknown.PossibleValues.IsEmpty
                ? $"<unknown: {unknown.Cause}>"
                : $"<one of {string.Join(", ", unknown.PossibleValues.Select(p => AnsibleValueJson.ToCompactString(p, 30)))}: {unknown.Cause}>";
        }

        var text = AnsibleValueJson.ToCompactString(evaluated.Value!, width);
        return evaluated.UnknownCause is { } cause ? $"{text} (partly unknown: {cause})" : text;
    }

    /// <summary>
    /// <c>values --limit</c> lists the same values from the same definitions for thousands of hosts:
    /// each definition's location and raw value, and each value shared across hosts (TemplateMemo),
    /// are formatted once per checkout (<see cref="WorkspaceCache{T}"/>).
    /// </summary>
    private sealed class ListingTexts
    {
        private readonly Dictionary<Assignment, (string Location, string? RawValue)> _definitions = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<AnsibleValue, string> _values = new(ReferenceEqualityComparer.Instance);

        /// <summary>The location text of a definition, and its raw value's text when that is templating's result as well.</summary>
        public (string Location, string? RawValue) Definition(Assignment assignment)
        {
            if (_definitions.TryGetValue(assignment, out var texts)) return texts;
            var raw = assignment.Value.IsTemplated ? null : AnsibleValueJson.ToCompactString(assignment.Value, 60);
            return _definitions[assignment] = (LocationText(assignment), raw);
        }

        /// <summary>The listed text of a variable's templated value.</summary>
        public string ValueText(ResolvedVariable variable, EvaluatedValue evaluated)
        {
            if (evaluated is not { Error: null, Value: { } value and not AnsibleUnknown, UnknownCause: null }) return EvaluatedText(evaluated, 60);
            if (ReferenceEquals(value, variable.Winner.Assignment.Value) && Definition(variable.Winner.Assignment).RawValue is { } raw) return raw;
            if (_values.TryGetValue(value, out var text)) return text;
            return _values[value] = AnsibleValueJson.ToCompactString(value, 60);
        }
    }

    private static string TypeSuffix(EvaluatedValue evaluated) =>
        evaluated.Value is null or AnsibleUnknown ? string.Empty : $"  ({evaluated.Value.PythonType})";

    private static string Mark(DefinitionStatus status) => status switch
    {
        DefinitionStatus.Winner => "WINS",
        DefinitionStatus.Shadowed => "LOSES",
        DefinitionStatus.Merged => "MERGED",
        DefinitionStatus.NotApplicable => "N/A",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static string ValueText(ResolvedVariable variable) => AnsibleValueJson.ToCompactString(variable.Value, 60);

    private static string LocationText(AppliedDefinition definition) => LocationText(definition.Assignment);

    private static string LocationText(Assignment assignment) =>
        assignment.Location.File.Length == 0 ? "(set by Ansible)" : assignment.Location.ToString();

    private static string DescribeContext(Workspace workspace, ResolutionContext context)
    {
        if (context.Play is not { } play) return $"inventory only (`{workspace.Playbook}` has no play)";
        var role = context.Role is null ? "outside any role" : $"inside role `{context.Role.Name}`";
        var at = context.Task is { } task ? $", at {task.Describe()}" : ", at the end of the " + (context.Role is null ? "play" : "role's tasks");
        return $"{play.Title} of {workspace.Playbook} (hosts `{play.Hosts}`, {play.Location}), {role}{at}";
    }
}
