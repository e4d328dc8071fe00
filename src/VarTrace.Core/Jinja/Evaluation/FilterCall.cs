using System.Collections.Immutable;
using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation;

/// <summary>A filter or test implementation: takes the call, returns the result or throws <see cref="TemplateError"/>.</summary>
public delegate AnsibleValue JinjaFunction(FilterCall call);

/// <summary>
/// One application of a filter (<c>x | name(args)</c>) or test (<c>x is name(args)</c>): the input,
/// the evaluated arguments, and access to the evaluation (for diagnostics and nested templating).
/// </summary>
public sealed class FilterCall(
    string name,
    AnsibleValue input,
    ImmutableArray<AnsibleValue> arguments,
    ImmutableDictionary<string, AnsibleValue> keywords,
    SourceSpan span,
    IEvaluationServices services)
{
    /// <summary>The name as written (possibly qualified, e.g. <c>ansible.utils.ipaddr</c>).</summary>
    public string Name { get; } = name;

    /// <summary>The value left of <c>|</c> or <c>is</c>.</summary>
    public AnsibleValue Input { get; } = input;

    /// <summary>Positional arguments.</summary>
    public ImmutableArray<AnsibleValue> Arguments { get; } = arguments;

    /// <summary>Keyword arguments.</summary>
    public ImmutableDictionary<string, AnsibleValue> Keywords { get; } = keywords;

    /// <summary>The span of the filter or test in the template.</summary>
    public SourceSpan Span { get; } = span;

    /// <summary>What the evaluation offers to functions.</summary>
    public IEvaluationServices Services { get; } = services;

    /// <summary>
    /// The argument at <paramref name="position"/> or named <paramref name="keyword"/>, else
    /// <paramref name="fallback"/> (Python's positional-or-keyword parameter).
    /// </summary>
    public AnsibleValue? Argument(int position, string keyword, AnsibleValue? fallback = null) =>
        position < Arguments.Length ? Arguments[position]
        : Keywords.TryGetValue(keyword, out var value) ? value
        : fallback;

    /// <summary>Raises Ansible's error for this filter, e.g. <c>|int expects ...</c>.</summary>
    public TemplateError Error(string message) => new(message, Span);
}

/// <summary>What a running evaluation offers to filters and tests.</summary>
public interface IEvaluationServices
{
    /// <summary>Reports a problem that does not stop evaluation (an unknown filter, a lossy approximation).</summary>
    void Warn(string message, SourceSpan span);

    /// <summary>Renders a string through the template engine in the current context (for filters that template their input).</summary>
    AnsibleValue Template(AnsibleValue value);

    /// <summary>The Ansible version whose behaviour is modelled, e.g. 2.14.</summary>
    Version TargetVersion { get; }
}
