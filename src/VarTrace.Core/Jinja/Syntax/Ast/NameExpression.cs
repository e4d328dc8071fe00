namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>A name: a variable reference, or an assignment target in a <c>for</c> or <c>set</c> (Jinja's <c>Name</c>).</summary>
/// <param name="Name">The identifier.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record NameExpression(string Name, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitNameExpression(this);
}
