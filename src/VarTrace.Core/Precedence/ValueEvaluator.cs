using System.Collections.Immutable;
using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Values;

namespace VarTrace.Core.Precedence;

/// <summary>A variable's value after templating, as a task in the context receives it.</summary>
/// <param name="Value">The value; <see cref="AnsibleUnknown"/> (possibly inside a list or dict) where it cannot be known.</param>
/// <param name="Error">Ansible's templating error, when templating fails (the task would fail).</param>
/// <param name="Trace">What the evaluation read and decided, when a trace was asked for.</param>
public sealed record EvaluatedValue(AnsibleValue? Value, string? Error, ImmutableArray<TraceEvent> Trace)
{
    /// <summary>True when the value is fully known: no error and nothing unknown inside.</summary>
    public bool IsKnown => Error is null && Value is not null && !ContainsUnknown(Value);

    /// <summary>The first reason something inside the value is unknown.</summary>
    public string? UnknownCause => Value is null ? null : FirstUnknown(Value)?.Cause;

    /// <summary>The possible values when the value itself is an unknown with a finite set.</summary>
    public ImmutableArray<AnsibleValue> PossibleValues => Value is AnsibleUnknown u ? u.PossibleValues : [];

    private static bool ContainsUnknown(AnsibleValue value) => FirstUnknown(value) is not null;

    private static AnsibleUnknown? FirstUnknown(AnsibleValue value) => value switch
    {
        AnsibleUnknown u => u,
        { ContainsUnknown: false } => null,
        AnsibleList list => list.Items.Select(FirstUnknown).FirstOrDefault(static u => u is not null),
        AnsibleDict dict => dict.Entries.Select(static e => FirstUnknown(e.Value)).FirstOrDefault(static u => u is not null),
        _ => null,
    };
}

/// <summary>
/// Templates the variables of a <see cref="Resolution"/> the way Ansible 2.14 renders them for a task
/// of that context: lazily, against the context's final variables.
/// </summary>
public sealed class ValueEvaluator
{
    private readonly ResolutionScope _scope;
    private readonly EvaluationOptions _options;
    private readonly TemplateEngine _shared;
    private readonly List<TemplateWarning> _tracedWarnings = [];

    /// <summary>Creates an evaluator over a resolution.</summary>
    public ValueEvaluator(Resolution resolution, EvaluationOptions options)
    {
        Resolution = resolution;
        _scope = new ResolutionScope(resolution);
        _options = options;
        _shared = new TemplateEngine(_scope, options, memo: resolution.TemplateResults);
    }

    /// <summary>The resolution evaluated.</summary>
    public Resolution Resolution { get; }

    /// <summary>Templating warnings so far (unknown filters, unsupported tags).</summary>
    public IReadOnlyList<TemplateWarning> Warnings => [.. _shared.Warnings, .. _tracedWarnings];

    /// <summary>The value of <paramref name="name"/> (null when the variable is not defined).</summary>
    public EvaluatedValue? Variable(string name, bool withTrace = false)
    {
        var raw = _scope.Raw(name);
        if (raw is null) return null;

        // Most variables hold plain data: templating gives the raw value back, with nothing to
        // trace or warn about (a listing asks this for every variable of every host).
        if (!withTrace && IsPlainData(raw)) return new EvaluatedValue(raw, null, []);
        return Run(engine => engine.Variable(name), withTrace);
    }

    /// <summary>The value of <paramref name="variable"/>, one of this resolution's variables (a listing has it at hand).</summary>
    public EvaluatedValue Variable(ResolvedVariable variable) =>
        IsPlainData(variable.Value) ? new EvaluatedValue(variable.Value, null, []) : Variable(variable.Name)!;

    /// <summary>Evaluates any template (<c>--expr</c>) in the context.</summary>
    public EvaluatedValue Expression(string template, bool withTrace = true) =>
        Run(engine => engine.Template(new AnsibleString(template)), withTrace);

    /// <summary>Templates a raw value (a task argument) in the context, as <c>Templar.template</c> does.</summary>
    public EvaluatedValue Value(AnsibleValue raw, bool withTrace = false) =>
        Run(engine => engine.Template(raw), withTrace);

    private static bool IsPlainData(AnsibleValue raw) => !raw.IsTemplated && raw is not (AnsibleVault or AnsibleUndefined);

    private EvaluatedValue Run(Func<TemplateEngine, AnsibleValue> evaluate, bool withTrace)
    {
        var trace = withTrace ? new EvaluationTrace() : null;
        var engine = withTrace ? new TemplateEngine(_scope, _options, trace, Resolution.TemplateResults) : _shared;
        try
        {
            var value = evaluate(engine);
            if (value is AnsibleUndefined undefined) return new EvaluatedValue(null, undefined.Message, trace?.Events ?? []);
            return new EvaluatedValue(value, null, trace?.Events ?? []);
        }
        catch (TemplateError e)
        {
            return new EvaluatedValue(null, e.Message, trace?.Events ?? []);
        }
        finally
        {
            // A traced evaluation runs on its own engine; its warnings belong to this evaluator too.
            if (!ReferenceEquals(engine, _shared)) _tracedWarnings.AddRange(engine.Warnings);
        }
    }

    /// <summary>The resolution's raw values as the template engine's variables.</summary>
    private sealed class ResolutionScope(Resolution resolution) : IVariableScope
    {
        public AnsibleValue? Raw(string name) =>
            resolution.Variables.TryGetValue(name, out var variable) ? variable.Value : null;

        public Model.SourceLocation? Location(string name) =>
            resolution.Variables.TryGetValue(name, out var variable) ? variable.Winner.Assignment.Location : null;
    }
}
