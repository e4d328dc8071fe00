namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>An expression tag <c>{{ expr }}</c> (Jinja's <c>Output</c>). The span covers the delimiters.</summary>
/// <param name="Expression">The expression whose value is written.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record OutputStatement(Expression Expression, SourceSpan Span) : Statement(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitOutputStatement(this);
}
