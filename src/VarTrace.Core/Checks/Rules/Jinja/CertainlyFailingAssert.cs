namespace VarTrace.Core.Checks.Rules.Jinja;

/// <summary>
/// VT2004: an <c>assert</c> (or a <c>fail</c> with <c>when:</c>) that a host runs and that fails
/// with the checkout's values: the deploy would stop there, after everything before it ran.
/// </summary>
public static class CertainlyFailingAssert
{
    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT2004",
        "certainly-failing-assert",
        "An assert or fail task that fails with the checkout's values",
        "{0} fails on {1}: {2} with {3}, so Ansible stops with \"{4}\"",
        RuleCategory.Jinja,
        Severity.Error,
        RuleStatus.Preview,
        "0.1.0",
        "change the values the message names (at the locations in the notes), or the condition if it is wrong");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on)
    {
        var reports = new GuardReports(on);
        on.OnResolution(context =>
        {
            foreach (var outcome in GuardEvaluation.Evaluate(context))
            {
                if (!outcome.Fails || outcome.Blocker is not null) continue;
                reports.Add(outcome.Task.IsAssert ? outcome.Decisive.Location : outcome.Task.Location, $"{outcome.Values}\0{outcome.Message}", outcome);
            }
        });
        on.OnEnd(_ => reports.Report(static (hosts, _, outcome) =>
        [
            outcome.Task.Describe(),
            hosts,
            outcome.Task.IsAssert ? $"`{outcome.Decisive.Expression.Trim()}` is false{outcome.Sides}" : outcome.Task.Conditions.IsEmpty ? "it runs unconditionally" : "its `when:` holds",
            outcome.Values,
            outcome.Message,
        ]));
    }
}
