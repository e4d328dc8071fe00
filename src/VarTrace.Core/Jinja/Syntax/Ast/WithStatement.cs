using System.Collections.Immutable;

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary><c>{% with a = x, b = y %}</c> ... <c>{% endwith %}</c> (Jinja's <c>With</c>): the names are bound in the body only.</summary>
/// <param name="Targets">The assignment targets, in order.</param>
/// <param name="Values">The values, one per target, all evaluated before any is bound.</param>
/// <param name="Body">The body.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record WithStatement(ImmutableArray<Expression> Targets, ImmutableArray<Expression> Values, ImmutableArray<Statement> Body, SourceSpan Span) : Statement(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitWithStatement(this);
}
