namespace VarTrace.Core.Jinja.Evaluation;

/// <summary>
/// Settings shared by every evaluation (immutable, thread-safe), kept apart from the per-evaluation
/// state as Fluid keeps <c>TemplateOptions</c> apart from <c>TemplateContext</c>. The limits bound the
/// cost of evaluating untrusted input.
/// </summary>
/// <param name="Functions">The filters and tests.</param>
/// <param name="TargetVersion">The ansible-core version whose templating is modelled.</param>
/// <param name="MaxSteps">Most AST nodes one top-level evaluation may visit.</param>
/// <param name="MaxVariableDepth">Most variables being rendered inside each other at once (Ansible hits Python's recursion limit).</param>
/// <param name="MaxLoopIterations">Most iterations of one <c>for</c> loop.</param>
/// <param name="MaxOutputLength">Most characters one template may render.</param>
public sealed record EvaluationOptions(
    FunctionRegistry Functions,
    Version TargetVersion,
    int MaxSteps = 1_000_000,
    int MaxVariableDepth = 64,
    int MaxLoopIterations = 100_000,
    int MaxOutputLength = 10_000_000)
{
    /// <summary>ansible-core 2.14 (non-native templating) with every filter and test VarTrace models.</summary>
    public static EvaluationOptions Ansible214 { get; } = new(FunctionLibrary.Default, new Version(2, 14));
}

/// <summary>Where the template engine finds variables: the raw (untemplated) value of a name, or null.</summary>
public interface IVariableScope
{
    /// <summary>The raw value of <paramref name="name"/> as the context's variables hold it, or null when it is not defined.</summary>
    Values.AnsibleValue? Raw(string name);

    /// <summary>Where <paramref name="name"/> is defined, for diagnostics about its template; null when unknown.</summary>
    Model.SourceLocation? Location(string name) => null;
}

