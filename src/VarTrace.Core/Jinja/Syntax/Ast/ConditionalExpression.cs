namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary><c>then if test else otherwise</c> (Jinja's <c>CondExpr</c>).</summary>
/// <param name="Test">The condition.</param>
/// <param name="Then">The value when the condition is true.</param>
/// <param name="Else">The value otherwise, or null when the <c>else</c> part is omitted (Jinja then yields an undefined value).</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record ConditionalExpression(Expression Test, Expression Then, Expression? Else, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitConditionalExpression(this);
}
