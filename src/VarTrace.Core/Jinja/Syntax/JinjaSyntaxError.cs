using VarTrace.Core.Model;

namespace VarTrace.Core.Jinja.Syntax;

/// <summary>
/// A Jinja syntax error: one sentence, where it is in the template string, and that position as
/// line and column of the template. Jinja stops at the first error, and so does the parser.
/// </summary>
/// <param name="Message">One sentence, no final period, names in backticks.</param>
/// <param name="Span">The offending text (for an unclosed block: its opening tag).</param>
/// <param name="Position">The start of <paramref name="Span"/> as a line and column of the template.</param>
public sealed record JinjaSyntaxError(string Message, SourceSpan Span, TemplatePosition Position)
{
    /// <summary>
    /// Jinja 3.1's own text for the error, which Ansible's "template error while templating string"
    /// repeats (<c>unexpected 'end of print statement'</c>); null where VarTrace does not reproduce it.
    /// </summary>
    public string? JinjaMessage { get; init; }

    /// <summary>Where the error is in the file the template came from.</summary>
    public SourceLocation Locate(TemplateOrigin origin, string template)
    {
        ArgumentNullException.ThrowIfNull(origin);
        return origin.Locate(template, Span);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Position}: {Message}";
}
