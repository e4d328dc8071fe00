namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary><c>true</c>/<c>True</c> or <c>false</c>/<c>False</c>.</summary>
/// <param name="Value">The value.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record BooleanLiteral(bool Value, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitBooleanLiteral(this);
}
