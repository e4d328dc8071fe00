using System.Collections.Immutable;

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary><c>{% for target in iterable [if filter] [recursive] %}</c> ... <c>[{% else %}</c> ...<c>]</c> <c>{% endfor %}</c>.</summary>
/// <param name="Target">A <see cref="NameExpression"/> or a (possibly nested) <see cref="TupleExpression"/> of names, bound in the body.</param>
/// <param name="Iterable">What is iterated; a bare <c>a, b</c> is a tuple, and a conditional expression is not allowed here (Jinja parses it without <c>if</c>/<c>else</c>).</param>
/// <param name="Filter">The <c>if</c> clause that skips items, or null. The loop target is bound in it.</param>
/// <param name="Recursive">True when the loop is marked <c>recursive</c>.</param>
/// <param name="Body">The loop body.</param>
/// <param name="Else">The body run when no item was iterated; empty when there is none.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record ForStatement(Expression Target, Expression Iterable, Expression? Filter, bool Recursive, ImmutableArray<Statement> Body, ImmutableArray<Statement> Else, SourceSpan Span) : Statement(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitForStatement(this);
}
