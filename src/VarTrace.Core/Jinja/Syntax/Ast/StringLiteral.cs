namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>A string literal; adjacent literals (<c>'a' "b"</c>) are joined into one, as Jinja does.</summary>
/// <param name="Value">The value after Python escape processing.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record StringLiteral(string Value, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitStringLiteral(this);
}
