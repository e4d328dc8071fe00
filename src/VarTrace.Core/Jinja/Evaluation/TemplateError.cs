using VarTrace.Core.Jinja.Syntax;

namespace VarTrace.Core.Jinja.Evaluation;

/// <summary>
/// An error Ansible itself would raise while templating (<c>AnsibleUndefinedVariable</c>,
/// <c>TemplateRuntimeError</c>, a filter's <c>AnsibleFilterError</c>, the recursive-loop error). The
/// message follows Ansible's wording so users recognise it. Caught by the template engine and reported
/// as the value's evaluation error, never as a crash.
/// </summary>
public sealed class TemplateError : Exception
{
    /// <summary>Creates an error, optionally at the span of the expression that raised it.</summary>
    public TemplateError(string message, SourceSpan? span = null, bool isUndefined = false)
        : base(message)
    {
        Span = span;
        IsUndefined = isUndefined;
    }

    /// <summary>Where in the template, when known.</summary>
    public SourceSpan? Span { get; }

    /// <summary>True for an undefined-variable error, which <c>default()</c> and <c>is defined</c> absorb one level up.</summary>
    public bool IsUndefined { get; }
}
