namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary><c>target[index]</c>, and <c>target.0</c> with an integer after the dot (Jinja's <c>Getitem</c>: tries the item, then the attribute).</summary>
/// <param name="Target">The object.</param>
/// <param name="Index">The key, a <see cref="SliceExpression"/>, or a <see cref="TupleExpression"/> when the brackets hold several comma-separated parts.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record ItemExpression(Expression Target, Expression Index, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitItemExpression(this);
}
