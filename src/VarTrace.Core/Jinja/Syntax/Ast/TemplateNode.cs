using System.Collections.Immutable;

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>The whole template: its top-level statements in source order (Jinja's <c>Template</c>).</summary>
/// <param name="Body">The statements in source order.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record TemplateNode(ImmutableArray<Statement> Body, SourceSpan Span) : JinjaNode(Span)
{
    /// <summary>
    /// Every filter and test the template names, in source order. Jinja resolves them when it compiles
    /// the template, so an unknown one fails the whole template even in a branch that never runs.
    /// </summary>
    public ImmutableArray<FunctionReference> Functions { get; init; } = [];

    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitTemplate(this);
}
