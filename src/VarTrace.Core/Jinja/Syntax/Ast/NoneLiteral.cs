namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary><c>none</c> or <c>None</c>.</summary>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record NoneLiteral(SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitNoneLiteral(this);
}
