namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>A <c>name=value</c> argument of a call, filter or test (Jinja's <c>Keyword</c>).</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Value">The argument value.</param>
/// <param name="Span">From the name to the end of the value.</param>
public sealed record KeywordArgument(string Name, Expression Value, SourceSpan Span);
