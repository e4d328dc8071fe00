namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>A node that can appear in a template body: text, output or a tag.</summary>
/// <param name="Span">Where the statement's text is, from its opening delimiter to its closing one.</param>
public abstract record Statement(SourceSpan Span) : JinjaNode(Span);
