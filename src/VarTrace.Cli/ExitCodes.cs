namespace VarTrace.Cli;

/// <summary>The process exit codes, part of the command-line contract.</summary>
internal static class ExitCodes
{
    /// <summary>The question was answered.</summary>
    public const int Answered = 0;

    /// <summary><c>explain</c>: the variable is not defined for that host and context.</summary>
    public const int Undefined = 1;

    /// <summary><c>check</c>: a finding at or above the <c>--fail-on</c> severity.</summary>
    public const int Findings = 1;

    /// <summary>Bad arguments, or input that blocks the answer (broken YAML, missing inventory, unknown host).</summary>
    public const int UsageOrInputError = 2;
}
