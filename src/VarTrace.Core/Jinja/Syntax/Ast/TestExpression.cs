namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>A test <c>operand is name</c>, <c>operand is name(args)</c> or <c>operand is name arg</c>. <c>is not</c> is parsed, as in Jinja, as <see cref="UnaryOperator.Not"/> around the test. Tests bind where filters do, to the operand of unary minus: <c>x + 1 is odd</c> is <c>x + (1 is odd)</c>, <c>not x is defined</c> is <c>not (x is defined)</c>.</summary>
/// <param name="Operand">The tested value.</param>
/// <param name="Name">The test name, dotted for collection tests.</param>
/// <param name="NameSpan">Where the name is.</param>
/// <param name="Arguments">The arguments after the operand.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record TestExpression(Expression Operand, string Name, SourceSpan NameSpan, ArgumentList Arguments, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitTestExpression(this);
}
