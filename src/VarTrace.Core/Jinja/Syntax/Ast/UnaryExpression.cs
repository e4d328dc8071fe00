namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary><c>not x</c>, <c>-x</c> or <c>+x</c>.</summary>
/// <param name="Operator">The operator.</param>
/// <param name="Operand">The operand.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record UnaryExpression(UnaryOperator Operator, Expression Operand, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitUnaryExpression(this);
}
