namespace VarTrace.Core.Jinja.Syntax;

/// <summary>
/// One token. <see cref="Value"/> holds the processed text of data, names and strings, or the message
/// of an <see cref="TokenKind.Error"/> token; numbers are converted by the parser from their span.
/// </summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length, string? Value)
{
    public int End => Start + Length;

    public SourceSpan Span => new(Start, Length);
}
