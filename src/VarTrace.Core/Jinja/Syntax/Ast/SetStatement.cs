namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary><c>{% set target = value %}</c> (Jinja's <c>Assign</c>).</summary>
/// <param name="Target">A <see cref="NameExpression"/>, a <see cref="TupleExpression"/> of names, or a namespace attribute <c>ns.attr</c> (an <see cref="AttributeExpression"/> on a name).</param>
/// <param name="Value">The assigned value; a bare <c>a, b</c> is a tuple.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record SetStatement(Expression Target, Expression Value, SourceSpan Span) : Statement(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitSetStatement(this);
}
