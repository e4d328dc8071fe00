using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using VarTrace.Core.Checks.Scanning;
using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Jinja.Syntax.Ast;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;
using VarTrace.Core.Values;

namespace VarTrace.Core.Checks.Rules.Jinja;

/// <summary>What evaluating one guard task for one host in one context found.</summary>
/// <param name="Task">The assert or fail task.</param>
/// <param name="Host">The host.</param>
/// <param name="Fails">True when the task certainly fails once it runs (an assert item is false, or it is a <c>fail</c>).</param>
/// <param name="Decisive">The item that decides: the false <c>that:</c> item (or, for <c>fail</c>, its last condition), or the first that cannot be decided.</param>
/// <param name="Blocker">The first condition or item that cannot be decided and why; null when the outcome is certain.</param>
/// <param name="Values">The variables <paramref name="Decisive"/> reads, each with its value and source.</param>
/// <param name="Message">The failure message Ansible prints, rendered in the context (or as written when it cannot be).</param>
/// <param name="Related">Where the values come from.</param>
/// <param name="Sides">For a false comparison, its two sides evaluated (" (4 >= 7)"); otherwise empty.</param>
internal sealed record GuardOutcome(GuardTask Task, string Host, bool Fails, GuardCondition Decisive, (GuardCondition Item, string Cause)? Blocker, string Values, string Message, ImmutableArray<RelatedLocation> Related, string Sides);

/// <summary>
/// Evaluates <c>assert</c> and <c>fail</c> tasks in a host's context the way ansible-core 2.14
/// does (checked with ansible-playbook 2.14.18): the task's <c>when:</c> conditions in order
/// (role entries and includes first), each through <c>Conditional._check_conditional</c>; then
/// every <c>that:</c> item the same way, stopping at the first false one; the message is
/// <c>fail_msg</c>, else <c>msg</c>, else "Assertion failed". Values come from the play and
/// role context; what tasks set at run time (set_fact, register, include_vars, task vars) and
/// facts stay unknown, so a condition that reads them cannot be decided.
/// </summary>
internal static class GuardEvaluation
{
    private const int MaxValueLength = 60;

    private static readonly ConditionalWeakTable<ResolvedContext, IReadOnlyList<GuardOutcome>> Cache = [];

    private static readonly ConditionalWeakTable<ProjectScan, IReadOnlyDictionary<string, ScannedFile>> FilesByPath = [];

    /// <summary>The outcome of every guard task the context runs whose result is not a certain pass or skip.</summary>
    public static IReadOnlyList<GuardOutcome> Evaluate(ResolvedContext context) => Cache.GetValue(context, Compute);

    private static IReadOnlyList<GuardOutcome> Compute(ResolvedContext context)
    {
        var files = FilesByPath.GetValue(context.Scan, static scan => scan.Files.ToDictionary(static f => f.Path, StringComparer.Ordinal));
        var scope = context.Resolution.Context;
        ImmutableArray<GuardTask> tasks;
        if (scope.Role is { } role)
        {
            // A role's tasks inherit the `when:` of every role entry of its dependency chain (Block._get_parent_attribute).
            var inherited = scope.DependencyChain.SelectMany(static r => r.Reference.When.Select(w => new GuardCondition(w, r.Reference.Location))).ToImmutableArray();
            tasks = GuardTasks.OfRole(files, role.Files.Directory, inherited);
        }
        else
        {
            tasks = scope.Play is { } play ? GuardTasks.OfPlay(files, play.Location) : [];
        }

        var outcomes = new List<GuardOutcome>();
        foreach (var task in tasks)
        {
            if (Outcome(context, task) is { } outcome) outcomes.Add(outcome);
        }

        return outcomes;
    }

    private static GuardOutcome? Outcome(ResolvedContext context, GuardTask task)
    {
        var host = context.Resolution.Host;

        // run_once: only the first host of the batch runs the task.
        if (task.RunOnce && context.Evaluator.Variable("ansible_play_batch") is { IsKnown: true, Value: AnsibleList { Items: [AnsibleString first, ..] } } && first.Value != host) return null;

        (GuardCondition Item, string Cause)? blocker = null;
        foreach (var condition in task.Conditions)
        {
            var (result, cause) = Check(context, condition.Expression);
            if (result == false) return null;
            if (result is null) blocker ??= (condition, cause!);
        }

        if (!task.IsAssert)
        {
            var last = task.Conditions.IsEmpty ? new GuardCondition(string.Empty, task.Location) : task.Conditions[^1];
            return Build(context, task, fails: true, last, blocker, task.Conditions, "Failed as requested from task");
        }

        (GuardCondition Item, string Cause)? undecidedItem = null;
        foreach (var item in task.That)
        {
            var (result, cause) = Check(context, item.Expression);
            if (result == false) return Build(context, task, fails: true, item, blocker, [item], "Assertion failed");
            if (result is null) undecidedItem ??= (item, cause!);
        }

        if (undecidedItem is not { } undecided) return null;
        return Build(context, task, fails: false, undecided.Item, blocker ?? undecided, [undecided.Item], "Assertion failed");
    }

    private static GuardOutcome Build(ResolvedContext context, GuardTask task, bool fails, GuardCondition decisive, (GuardCondition, string)? blocker, ImmutableArray<GuardCondition> read, string defaultMessage)
    {
        var (values, related) = Values(context, read);
        var sides = fails && task.IsAssert ? Sides(context, decisive.Expression) : string.Empty;
        return new GuardOutcome(task, context.Resolution.Host, fails, decisive, blocker, values, Message(context, task.Message, defaultMessage), related, sides);
    }

    /// <summary>" (4 >= 7)": both sides of a bare comparison, each evaluated on its own.</summary>
    private static string Sides(ResolvedContext context, string expression)
    {
        if (AnsibleValue.HasJinjaMarkup(expression) || !JinjaParser.Ansible.TryParseExpression(expression, out var tree, out _)) return string.Empty;
        if (tree is not CompareExpression { Comparisons: [var comparison] } compare) return string.Empty;
        var left = Side(context, compare.Left.Span.TextIn(expression));
        var right = Side(context, comparison.Operand.Span.TextIn(expression));
        var op = comparison.Span.TextIn(expression)[..^comparison.Operand.Span.TextIn(expression).Length].Trim();
        return left is null || right is null ? string.Empty : $" ({left} {op} {right})";
    }

    private static string? Side(ResolvedContext context, string text) =>
        context.Evaluator.Expression($"{{{{ ({text}) }}}}", withTrace: false) is { IsKnown: true, Value: { } value } ? Shorten(PythonRepr.Str(value)) : null;

    /// <summary>
    /// <c>Conditional._check_conditional</c> of 2.14: a condition with braces is templated first
    /// (a non-string result is the answer), then <c>{% if C %} True {% else %} False {% endif %}</c>
    /// is rendered. Null with the reason when it cannot be decided statically.
    /// </summary>
    private static (bool? Result, string? Cause) Check(ResolvedContext context, string expression)
    {
        if (RuntimeName(context, expression) is { } runtime) return (null, $"`{runtime}` is only set at run time (set_fact, register, include_vars or task vars)");
        var text = expression;
        if (AnsibleValue.HasJinjaMarkup(expression))
        {
            var templated = context.Evaluator.Expression(expression, withTrace: false);
            if (!templated.IsKnown) return (null, templated.Error ?? templated.UnknownCause ?? "its value is not known before the run");
            switch (templated.Value)
            {
                case AnsibleBool b:
                    return (b.Value, null);
                case AnsibleString s:
                    text = s.Value;
                    break;
                default:
                    return (null, "it does not template to a condition");
            }
        }

        if (text.Trim().Length == 0) return (false, null);
        var result = context.Evaluator.Expression($"{{% if {text} %}} True {{% else %}} False {{% endif %}}", withTrace: false);
        if (!result.IsKnown) return (null, result.Error ?? result.UnknownCause ?? "its value is not known before the run");
        return result.Value is AnsibleString rendered ? rendered.Value.Trim() switch
        {
            "True" => (true, null),
            "False" => (false, null),
            _ => (null, "it does not evaluate to a condition"),
        } : (null, "it does not evaluate to a condition");
    }

    /// <summary>A name the condition reads that no resolution holds but a task of the checkout sets at run time.</summary>
    private static string? RuntimeName(ResolvedContext context, string expression) =>
        References(expression).FirstOrDefault(n => !context.Resolution.Variables.ContainsKey(n) && context.Scan.RuntimeNames.Contains(n));

    private static IEnumerable<string> References(string expression)
    {
        var tree = AnsibleValue.HasJinjaMarkup(expression)
            ? JinjaParser.Ansible.TryParseTemplate(expression, out var template, out _) ? template : null
            : JinjaParser.Ansible.TryParseExpression(expression, out var bare, out _) ? (JinjaNode?)bare : null;
        return tree is null ? [] : VariableReferences.Collect(tree).References.Select(static r => r.Name).Distinct(StringComparer.Ordinal);
    }

    /// <summary>"`x` = 25 (inventory group_vars at inventory/.../k8s-cluster.yml:23:1)", for every variable the items read.</summary>
    private static (string Text, ImmutableArray<RelatedLocation> Related) Values(ResolvedContext context, ImmutableArray<GuardCondition> items)
    {
        var parts = new List<string>();
        var related = ImmutableArray.CreateBuilder<RelatedLocation>();
        foreach (var name in items.SelectMany(static i => References(i.Expression)).Distinct(StringComparer.Ordinal))
        {
            if (!context.Resolution.Variables.TryGetValue(name, out var variable))
            {
                parts.Add($"`{name}` undefined");
                continue;
            }

            var evaluated = context.Evaluator.Variable(name);
            var value = evaluated switch
            {
                { IsKnown: true, Value: { } v } => Shorten(PythonRepr.Repr(v)),
                { Error: { } error } => $"error ({error})",
                _ => "unknown",
            };
            var winner = variable.Winner;
            if (winner.Source.Level == PrecedenceLevel.Magic)
            {
                parts.Add($"`{name}` set by Ansible");
                continue;
            }

            parts.Add($"`{name}` = {value} ({Definitions.Describe(winner)})");
            related.Add(Definitions.Related(winner, $"`{name}` is {value}"));
        }

        return (parts.Count == 0 ? "no variables" : string.Join(", ", parts), related.ToImmutable());
    }

    private static string Message(ResolvedContext context, string? written, string defaultMessage)
    {
        if (written is null) return defaultMessage;
        if (!AnsibleValue.HasJinjaMarkup(written)) return written.Trim();
        var rendered = context.Evaluator.Expression(written, withTrace: false);
        return rendered is { IsKnown: true, Value: { } value } ? PythonRepr.Str(value).Trim() : written.Trim();
    }

    private static string Shorten(string text) => text.Length <= MaxValueLength ? text : text[..(MaxValueLength - 1)] + "…";
}

/// <summary>Reports guard outcomes once per task, item and message, naming the hosts they hold for.</summary>
internal sealed class GuardReports(RuleRegistration on)
{
    private readonly Dictionary<(SourceLocation Location, string Detail), (SortedSet<string> Hosts, GuardOutcome First)> _found = [];

    public void Add(SourceLocation location, string detail, GuardOutcome outcome)
    {
        if (!_found.TryGetValue((location, detail), out var entry)) _found[(location, detail)] = entry = (new SortedSet<string>(StringComparer.Ordinal), outcome);
        entry.Hosts.Add(outcome.Host);
    }

    /// <summary>Reports each finding; <paramref name="arguments"/> builds the message arguments from the hosts text, the detail and the first outcome.</summary>
    public void Report(Func<string, string, GuardOutcome, object?[]> arguments)
    {
        foreach (var ((location, detail), (hosts, first)) in _found)
        {
            var names = hosts.Take(3).Select(static h => $"`{h}`").ToList();
            var text = hosts.Count == 1 ? $"host {names[0]}" : $"hosts {string.Join(", ", names)}" + (hosts.Count > 3 ? $" and {hosts.Count - 3} more" : string.Empty);
            on.Report(location, 0, first.Related, arguments(text, detail, first));
        }
    }
}
