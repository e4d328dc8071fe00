namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>A node that produces a value.</summary>
/// <param name="Span">Where the expression's text is.</param>
public abstract record Expression(SourceSpan Span) : JinjaNode(Span);
