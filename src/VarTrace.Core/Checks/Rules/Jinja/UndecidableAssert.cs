namespace VarTrace.Core.Checks.Rules.Jinja;

/// <summary>
/// VT2005: an <c>assert</c> (or a <c>fail</c> with <c>when:</c>) whose outcome depends on
/// something only the run knows (facts, registered results, lookups), named in the message.
/// </summary>
public static class UndecidableAssert
{
    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT2005",
        "undecidable-assert",
        "An assert or fail task whose outcome only the run decides",
        "{0} cannot be decided before the run on {1}: {2}",
        RuleCategory.Jinja,
        Severity.Info,
        RuleStatus.Preview,
        "0.1.0",
        "nothing to change if the check is meant for the run; otherwise set the values it reads in the inventory");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on)
    {
        var reports = new GuardReports(on);
        on.OnResolution(context =>
        {
            foreach (var outcome in GuardEvaluation.Evaluate(context))
            {
                if (outcome.Blocker is not { } blocker) continue;
                var detail = outcome.Fails
                    ? $"it fails whenever it runs ({(outcome.Task.IsAssert ? $"`{outcome.Decisive.Expression.Trim()}` is false with {outcome.Values}" : "it is a `fail` task")}), and whether it runs depends on `when: {blocker.Item.Expression.Trim()}`: {blocker.Cause}"
                    : $"`{blocker.Item.Expression.Trim()}` depends on what the run finds: {blocker.Cause}";
                reports.Add(blocker.Item.Location, detail, outcome);
            }
        });
        on.OnEnd(_ => reports.Report(static (hosts, detail, outcome) => [outcome.Task.Describe(), hosts, detail]));
    }
}
