namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>Literal template text (Jinja's <c>TemplateData</c>), including the content of <c>{% raw %}</c> blocks.</summary>
/// <param name="Text">The text Jinja outputs: whitespace control already applied, line breaks normalised to <c>\n</c>, and the template's final line break dropped (Jinja's <c>keep_trailing_newline=False</c>). The span covers the kept characters in the original string.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record TextStatement(string Text, SourceSpan Span) : Statement(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitTextStatement(this);
}
