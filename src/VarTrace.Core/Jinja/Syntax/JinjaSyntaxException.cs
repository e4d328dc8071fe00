namespace VarTrace.Core.Jinja.Syntax;

/// <summary>
/// Thrown by <see cref="JinjaParser"/> for a template or expression Jinja would reject. It is the
/// only exception the parser throws for any input; <see cref="JinjaParser.TryParseTemplate"/> and
/// <see cref="JinjaParser.TryParseExpression"/> return the same <see cref="Error"/> instead.
/// </summary>
public sealed class JinjaSyntaxException : Exception
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public JinjaSyntaxException(JinjaSyntaxError error)
        : base((error ?? throw new ArgumentNullException(nameof(error))).Message) => Error = error;

    /// <summary>The error, with its span and position.</summary>
    public JinjaSyntaxError Error { get; }
}
