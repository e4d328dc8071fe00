using System.Collections.Immutable;
using VarTrace.Core.Jinja.Syntax.Ast;

namespace VarTrace.Core.Jinja.Syntax;

/// <summary>The free variable references of a tree, as found by <see cref="VariableReferences.Collect"/>.</summary>
/// <param name="References">
/// Every reference to a name the template does not bind itself, in source order, one entry per
/// occurrence (so each keeps its span). Jinja and Ansible globals such as <c>lookup</c> or
/// <c>range</c> are included: a variable of the same name would shadow them.
/// </param>
/// <param name="Unanalysed">
/// Tags whose arguments are not parsed (<c>include</c>, <c>import</c>, <c>macro</c>, <c>with</c>, ...):
/// they may reference or bind names this set does not show.
/// </param>
public sealed record VariableReferenceSet(ImmutableArray<NameExpression> References, ImmutableArray<UnsupportedStatement> Unanalysed)
{
    /// <summary>The distinct referenced names, in order of first reference.</summary>
    public ImmutableArray<string> Names => [.. References.Select(static r => r.Name).Distinct(StringComparer.Ordinal)];
}
