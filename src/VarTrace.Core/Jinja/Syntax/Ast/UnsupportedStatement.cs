using System.Collections.Immutable;

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>A tag VarTrace does not interpret (<c>macro</c>, <c>call</c>, <c>filter</c>, <c>with</c>, <c>block</c>, <c>autoescape</c>, <c>include</c>, <c>import</c>, <c>from</c>, <c>extends</c>, <c>print</c>, <c>do</c>, <c>break</c>, <c>continue</c>). Its arguments are kept as text, not parsed; the span covers the whole construct, up to the end tag for block tags.</summary>
/// <param name="Keyword">The tag name, for example <c>macro</c>.</param>
/// <param name="Arguments">The text between the tag name and the closing delimiter, trimmed.</param>
/// <param name="Body">For block tags, the statements between the tag and its end tag; empty for single tags.</param>
/// <param name="Span">Where the node's text is in the template string.</param>
public sealed record UnsupportedStatement(string Keyword, string Arguments, ImmutableArray<Statement> Body, SourceSpan Span) : Statement(Span)
{
    /// <inheritdoc />
    public override T Accept<T>(AstVisitor<T> visitor) => visitor.VisitUnsupportedStatement(this);
}
