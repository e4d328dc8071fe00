namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>A filter application <c>operand | name</c> or <c>operand | name(args)</c>. Filters bind tighter than every binary operator but looser than unary minus: Jinja parses <c>-x|abs</c> as <c>(-x)|abs</c>.</summary>
/// <param name="Operand">The filtered value; null only inside <see cref="SetBlockStatement.Filter"/>, where it stands for the rendered body.</param>
/// <param name="Name">The filter name, dotted for collection filters (<c>ansible.utils.ipaddr</c>).</param>
/// <param name="NameSpan">Where the name is, for diagnostics about unknown filters.</param>
/// <param name="Arguments">The arguments after the operand; <see cref="ArgumentList.Empty"/> without parentheses.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record FilterExpression(Expression? Operand, string Name, SourceSpan NameSpan, ArgumentList Arguments, SourceSpan Span) : Expression(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitFilterExpression(this);
}
