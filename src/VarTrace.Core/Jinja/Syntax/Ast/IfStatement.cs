using System.Collections.Immutable;

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary><c>{% if %}</c> with its <c>{% elif %}</c> branches and <c>{% else %}</c>, up to <c>{% endif %}</c>.</summary>
/// <param name="Branches">The <c>if</c> branch followed by each <c>elif</c> branch, in order; never empty.</param>
/// <param name="Else">The <c>else</c> body; empty when there is none.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record IfStatement(ImmutableArray<IfBranch> Branches, ImmutableArray<Statement> Else, SourceSpan Span) : Statement(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitIfStatement(this);
}
