namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>One link of a <see cref="CompareExpression"/>: an operator and its right operand (Jinja's <c>Operand</c>).</summary>
/// <param name="Operator">The operator.</param>
/// <param name="Operand">The right-hand operand.</param>
/// <param name="Span">From the operator to the end of the operand.</param>
public sealed record Comparison(CompareOperator Operator, Expression Operand, SourceSpan Span);
