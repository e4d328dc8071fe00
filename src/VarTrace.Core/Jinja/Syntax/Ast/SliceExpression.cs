namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>A slice <c>start:stop:step</c> inside brackets; each part may be omitted.</summary>
/// <param name="Start">The start, or null.</param>
/// <param name="Stop">The stop, or null.</param>
/// <param name="Step">The step, or null.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record SliceExpression(Expression? Start, Expression? Stop, Expression? Step, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitSliceExpression(this);
}
