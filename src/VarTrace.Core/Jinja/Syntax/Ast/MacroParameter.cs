namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>One parameter of a <c>{% macro %}</c> or <c>{% call(...) %}</c>: a name and an optional default.</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Default">The default value expression, or null when the parameter has none.</param>
/// <param name="Span">Where the parameter's text is in the template string.</param>
public sealed record MacroParameter(string Name, Expression? Default, SourceSpan Span);
