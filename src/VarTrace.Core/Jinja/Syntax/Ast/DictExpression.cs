using System.Collections.Immutable;

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>A dict display <c>{k: v, ...}</c>.</summary>
/// <param name="Entries">The entries in source order.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record DictExpression(ImmutableArray<DictEntry> Entries, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitDictExpression(this);
}
