namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>One <c>key: value</c> pair of a <see cref="DictExpression"/> (Jinja's <c>Pair</c>).</summary>
/// <param name="Key">The key expression.</param>
/// <param name="Value">The value expression.</param>
/// <param name="Span">From the key to the end of the value.</param>
public sealed record DictEntry(Expression Key, Expression Value, SourceSpan Span);
