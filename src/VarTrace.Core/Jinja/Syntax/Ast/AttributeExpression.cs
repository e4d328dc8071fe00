namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary><c>target.name</c> (Jinja's <c>Getattr</c>: tries the attribute, then the item). In a <c>set</c> target it is a namespace reference <c>ns.attr</c>.</summary>
/// <param name="Target">The object.</param>
/// <param name="Name">The attribute name.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record AttributeExpression(Expression Target, string Name, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitAttributeExpression(this);
}
