using System.Collections.Immutable;

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary><c>{% macro name(params) %}</c> ... <c>{% endmacro %}</c> (Jinja's <c>Macro</c>): binds <paramref name="Name"/> to a callable that renders the body.</summary>
/// <param name="Name">The macro's name.</param>
/// <param name="Parameters">The parameters in order; once one has a default, all later ones do.</param>
/// <param name="Body">The statements rendered on each call.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record MacroStatement(string Name, ImmutableArray<MacroParameter> Parameters, ImmutableArray<Statement> Body, SourceSpan Span) : Statement(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitMacroStatement(this);
}
