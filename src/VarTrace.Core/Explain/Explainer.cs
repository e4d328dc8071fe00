using System.Collections.Immutable;
using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;

namespace VarTrace.Core.Explain;

/// <summary>
/// Explains one variable: the winner, every applied definition with the reason it lost, and every
/// definition elsewhere in the checkout with the reason it does not apply.
/// </summary>
public static class Explainer
{
    /// <summary>
    /// Builds the explanation of <paramref name="variable"/> from a resolution; with an
    /// <paramref name="evaluator"/>, also how its value (and an optional <paramref name="expression"/>)
    /// evaluate.
    /// </summary>
    public static Explanation Explain(Workspace workspace, Resolution resolution, string variable, ValueEvaluator? evaluator = null, string? expression = null)
    {
        resolution.Variables.TryGetValue(variable, out var resolved);
        var definitions = new List<DefinitionExplanation>();
        var appliedLocations = new HashSet<(PrecedenceLevel, SourceLocation)>();
        if (resolved is not null)
        {
            var winner = resolved.Winner;
            foreach (var applied in resolved.Applied)
            {
                appliedLocations.Add((applied.Source.Level, applied.Assignment.Location));

                // When the inventory and the playbook share a directory, Ansible reads its
                // group_vars/host_vars twice (inventory level, then playbook level). Show the file once,
                // at the level where it counts.
                if (resolved.Applied.Any(later => later.Order > applied.Order && ReferenceEquals(later.Assignment, applied.Assignment))) continue;
                if (applied == winner)
                {
                    definitions.Add(new DefinitionExplanation(applied.Source.Level, applied.Source.Origin, applied.Assignment, DefinitionStatus.Winner, null));
                    continue;
                }

                var isMerged = resolved.IsMerged && applied.Assignment.Value is Values.AnsibleDict;
                definitions.Add(new DefinitionExplanation(
                    applied.Source.Level,
                    applied.Source.Origin,
                    applied.Assignment,
                    isMerged ? DefinitionStatus.Merged : DefinitionStatus.Shadowed,
                    isMerged ? "merged into the value (hash_behaviour=merge)" : ShadowReasons.Why(applied, NextAfter(resolved, applied))));
            }
        }

        foreach (var other in NotApplicableDefinitions.Find(workspace, resolution, variable))
        {
            if (!appliedLocations.Contains((other.Level, other.Assignment.Location))) definitions.Add(other);
        }

        var ordered = definitions
            .Select((d, i) => (d, i))
            .OrderBy(static p => p.d.Level)
            .ThenBy(static p => p.d.Status == DefinitionStatus.NotApplicable ? 1 : 0)
            .ThenBy(static p => p.i)
            .Select(static p => p.d)
            .ToImmutableArray();
        var evaluation = resolved is null ? null : evaluator?.Variable(variable, withTrace: true);
        var expressionResult = expression is null || evaluator is null ? ((string, EvaluatedValue)?)null : (expression, evaluator.Expression(expression));
        var taskEvaluation = resolved?.Winner.Source.TaskWrite?.Evaluations.GetValueOrDefault(variable);
        var readSources = (evaluation?.Trace ?? []).Concat(expressionResult?.Item2.Trace ?? []).Concat(taskEvaluation?.Result.Trace ?? [])
            .OfType<VariableRead>()
            .Select(static read => read.Name)
            .Distinct()
            .Where(resolution.Variables.ContainsKey)
            .ToImmutableDictionary(static name => name, name => resolution.Variables[name].Winner);
        return new Explanation(variable, resolution.Host, resolution.Context, resolved, ordered, evaluation, expressionResult, readSources) { TaskEvaluation = taskEvaluation };
    }

    /// <summary>
    /// The definition that replaced <paramref name="loser"/>: the next applied one. Explaining each loss
    /// against its direct successor keeps reasons local ("a deeper group") instead of always
    /// pointing at the far winner.
    /// </summary>
    private static AppliedDefinition NextAfter(ResolvedVariable resolved, AppliedDefinition loser) =>
        resolved.Applied.First(next => next.Order > loser.Order && !ReferenceEquals(next.Assignment, loser.Assignment));
}
