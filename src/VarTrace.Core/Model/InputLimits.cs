namespace VarTrace.Core.Model;

/// <summary>
/// How much of an untrusted checkout VarTrace reads before it stops with a diagnostic instead of
/// running out of memory or time. Every limit hit is a <see cref="VarTraceException"/> that names
/// the limit and where it was hit. The Jinja evaluator's limits are in
/// <see cref="Jinja.Evaluation.EvaluationOptions"/>.
/// </summary>
/// <param name="MaxFileBytes">Largest file read.</param>
/// <param name="MaxYamlDepth">Deepest nesting of YAML or JSON collections.</param>
/// <param name="MaxYamlExpandedNodes">Most nodes one YAML collection may stand for once its aliases are expanded (a "billion laughs" document stands for 10^9).</param>
/// <param name="MaxHostsPerPattern">Most hosts one inventory host range (<c>node[0:99]</c>) may expand to.</param>
/// <param name="MaxExpandedHostNames">Most host names all the inventory's host ranges may expand to together.</param>
public sealed record InputLimits(
    long MaxFileBytes = 64L * 1024 * 1024,
    int MaxYamlDepth = 1000,
    long MaxYamlExpandedNodes = 1_000_000,
    int MaxHostsPerPattern = 100_000,
    long MaxExpandedHostNames = 1_000_000)
{
    /// <summary>The defaults: far above any real checkout, far below what exhausts a laptop.</summary>
    public static InputLimits Default { get; } = new();
}
