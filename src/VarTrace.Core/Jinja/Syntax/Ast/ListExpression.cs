using System.Collections.Immutable;

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>A list display <c>[a, b]</c>.</summary>
/// <param name="Items">The items in order.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record ListExpression(ImmutableArray<Expression> Items, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitListExpression(this);
}
