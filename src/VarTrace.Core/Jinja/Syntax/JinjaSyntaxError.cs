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
    /// <summary>Where the error is in the file the template came from.</summary>
    public SourceLocation Locate(TemplateOrigin origin, string template)
    {
        ArgumentNullException.ThrowIfNull(origin);
        return origin.Locate(template, Span);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Position}: {Message}";
}
