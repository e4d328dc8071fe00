using System.Collections.Immutable;

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>The whole template: its top-level statements in source order (Jinja's <c>Template</c>).</summary>
/// <param name="Body">The statements in source order.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record TemplateNode(ImmutableArray<Statement> Body, SourceSpan Span) : JinjaNode(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitTemplate(this);
}
