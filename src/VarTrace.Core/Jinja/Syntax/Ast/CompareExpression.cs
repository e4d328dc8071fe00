using System.Collections.Immutable;

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>A comparison chain <c>a &lt; b == c</c> (Jinja's <c>Compare</c>): true when every link holds, each operand evaluated once.</summary>
/// <param name="Left">The first operand.</param>
/// <param name="Comparisons">The operators and following operands; never empty.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record CompareExpression(Expression Left, ImmutableArray<Comparison> Comparisons, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitCompareExpression(this);
}
