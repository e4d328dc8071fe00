namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>A float literal such as <c>1.5</c> or <c>1e3</c>.</summary>
/// <param name="Value">The value.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record FloatLiteral(double Value, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitFloatLiteral(this);
}
