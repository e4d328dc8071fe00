using System.Numerics;

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>An integer literal (decimal, <c>0x</c>, <c>0o</c>, <c>0b</c>, with <c>_</c> separators): a Python int.</summary>
/// <param name="Value">The value; Python ints have no size limit.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record IntegerLiteral(BigInteger Value, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitIntegerLiteral(this);
}
