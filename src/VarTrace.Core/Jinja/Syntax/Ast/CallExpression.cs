namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>A call <c>callee(...)</c>, such as <c>lookup('env', 'HOME')</c> or <c>d.items()</c>.</summary>
/// <param name="Callee">What is called.</param>
/// <param name="Arguments">The arguments.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record CallExpression(Expression Callee, ArgumentList Arguments, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitCallExpression(this);
}
