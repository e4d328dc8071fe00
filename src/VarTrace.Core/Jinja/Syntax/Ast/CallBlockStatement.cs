using System.Collections.Immutable;

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>
/// <c>{% call[(params)] macro(args) %}</c> ... <c>{% endcall %}</c> (Jinja's <c>CallBlock</c>): calls the
/// macro with an extra keyword argument <c>caller</c>, a macro whose body is the block.
/// </summary>
/// <param name="Call">The macro call.</param>
/// <param name="Parameters">The parameters of <c>caller</c>.</param>
/// <param name="Body">The body of <c>caller</c>.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record CallBlockStatement(CallExpression Call, ImmutableArray<MacroParameter> Parameters, ImmutableArray<Statement> Body, SourceSpan Span) : Statement(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitCallBlockStatement(this);
}
