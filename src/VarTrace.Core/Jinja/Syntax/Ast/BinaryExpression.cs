namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>An arithmetic, concatenation or boolean operator with two operands. Chains are left-associative, including <c>**</c> (Jinja parses <c>2 ** 3 ** 2</c> as <c>(2 ** 3) ** 2</c>, unlike Python).</summary>
/// <param name="Operator">The operator.</param>
/// <param name="Left">The left operand.</param>
/// <param name="Right">The right operand.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record BinaryExpression(BinaryOperator Operator, Expression Left, Expression Right, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitBinaryExpression(this);
}
