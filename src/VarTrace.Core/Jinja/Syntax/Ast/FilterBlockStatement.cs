using System.Collections.Immutable;

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary><c>{% filter name(args) | ... %}</c> ... <c>{% endfilter %}</c> (Jinja's <c>FilterBlock</c>): the rendered body goes through the filters.</summary>
/// <param name="Filter">The filter chain; its innermost <see cref="FilterExpression.Operand"/> is null and stands for the body.</param>
/// <param name="Body">The body whose output is filtered.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record FilterBlockStatement(FilterExpression Filter, ImmutableArray<Statement> Body, SourceSpan Span) : Statement(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitFilterBlockStatement(this);
}
