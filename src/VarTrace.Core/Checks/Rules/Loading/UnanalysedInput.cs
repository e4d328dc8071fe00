namespace VarTrace.Core.Checks.Rules.Loading;

/// <summary>VT0004: part of the checkout is not analysed (an inventory script, a templated import, an unmodelled setting).</summary>
public static class UnanalysedInput
{
    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT0004",
        "unanalysed-input",
        "Part of the checkout is not analysed",
        "{0}",
        RuleCategory.Loading,
        Severity.Info,
        RuleStatus.Preview,
        "0.1.0",
        "findings may be missing for what this input defines; make it static if you can, or suppress this finding");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on) =>
        on.OnEnd(end =>
        {
            foreach (var diagnostic in end.LoadDiagnostics) on.Report(diagnostic.Location, 0, [], diagnostic.Message);
        });
}
