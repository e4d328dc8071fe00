namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>A filter or test a template names (<c>x | name</c>, <c>x is name</c>, <c>{% filter name %}</c>), in source order.</summary>
/// <param name="Name">The name as written, possibly qualified (<c>ansible.utils.ipaddr</c>).</param>
/// <param name="IsTest">True for a test, false for a filter.</param>
/// <param name="Span">Where the name is in the template string.</param>
public sealed record FunctionReference(string Name, bool IsTest, SourceSpan Span);
