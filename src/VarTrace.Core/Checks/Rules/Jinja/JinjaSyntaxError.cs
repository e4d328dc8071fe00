namespace VarTrace.Core.Checks.Rules.Jinja;

/// <summary>VT2003: a template or condition is not valid Jinja.</summary>
public static class JinjaSyntaxError
{
    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT2003",
        "jinja-syntax-error",
        "A template is not valid Jinja",
        "Jinja syntax error: {0}",
        RuleCategory.Jinja,
        Severity.Error,
        RuleStatus.Preview,
        "0.1.0",
        "fix the template; Ansible fails the task (or the variable's every use) with this error");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on) =>
        on.OnTemplate(site =>
        {
            if (site.SyntaxError is { } error) on.Report(site.Locate(error.Span), error.Span.Length, [], error.Message);
        });
}
