using System.Collections.Immutable;

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>One <c>if</c> or <c>elif</c> branch of an <see cref="IfStatement"/>.</summary>
/// <param name="Test">The condition; a bare <c>a, b</c> is a tuple, and a conditional expression is not allowed (Jinja parses it without <c>if</c>/<c>else</c>).</param>
/// <param name="Body">The statements run when the condition holds.</param>
/// <param name="Span">From the branch's opening tag to the end of its body.</param>
public sealed record IfBranch(Expression Test, ImmutableArray<Statement> Body, SourceSpan Span);
