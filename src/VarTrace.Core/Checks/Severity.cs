namespace VarTrace.Core.Checks;

/// <summary>
/// How serious a finding is. Each level is a promise about false positives, so a team can pick a
/// <c>--fail-on</c> threshold and trust it.
/// </summary>
public enum Severity
{
    /// <summary>The rule does not run (opinionated rules, or a rule disabled in <c>.vartrace.yml</c>).</summary>
    Off,

    /// <summary>Likely a mistake, but may be intended; worth a look, not a build break.</summary>
    Info,

    /// <summary>No known false positives: the checkout does something its author almost certainly did not mean.</summary>
    Warning,

    /// <summary>Certain: Ansible itself fails or warns on this input.</summary>
    Error,
}

/// <summary>Names of severities as users write them.</summary>
public static class SeverityNames
{
    /// <summary><c>error</c>, <c>warning</c>, <c>info</c> or <c>off</c>.</summary>
    public static string Name(this Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Info => "info",
        _ => "off",
    };

    /// <summary>Parses a name written by a user; null when it is not one.</summary>
    public static Severity? Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "error" => Severity.Error,
        "warning" => Severity.Warning,
        "info" => Severity.Info,
        "off" or "none" => Severity.Off,
        _ => null,
    };
}
