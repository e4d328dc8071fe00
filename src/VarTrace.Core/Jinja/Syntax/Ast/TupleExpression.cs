using System.Collections.Immutable;

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>A tuple: <c>(a, b)</c>, <c>()</c>, or a bare <c>a, b</c> where Jinja allows one (output tags, <c>for</c>/<c>set</c> targets and values, subscripts with several parts).</summary>
/// <param name="Items">The items in order.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record TupleExpression(ImmutableArray<Expression> Items, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitTupleExpression(this);
}
