using System.Collections.Immutable;

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary><c>{% set target [| filters] %}</c> ... <c>{% endset %}</c> (Jinja's <c>AssignBlock</c>): the rendered body, optionally filtered, is assigned.</summary>
/// <param name="Target">The assignment target, as in <see cref="SetStatement.Target"/>.</param>
/// <param name="Filter">The filter chain applied to the rendered body, or null; its innermost <see cref="FilterExpression.Operand"/> is null and stands for the body.</param>
/// <param name="Body">The body whose output is assigned.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record SetBlockStatement(Expression Target, FilterExpression? Filter, ImmutableArray<Statement> Body, SourceSpan Span) : Statement(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitSetBlockStatement(this);
}
