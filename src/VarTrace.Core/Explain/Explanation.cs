using System.Collections.Immutable;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;

namespace VarTrace.Core.Explain;

/// <summary>What became of one definition of the explained variable.</summary>
public enum DefinitionStatus
{
    /// <summary>It supplies the value.</summary>
    Winner,

    /// <summary>It applies to the host and context but a later definition replaces it.</summary>
    Shadowed,

    /// <summary>With <c>hash_behaviour=merge</c>, its dict was merged into the value.</summary>
    Merged,

    /// <summary>It does not apply to this host or context at all.</summary>
    NotApplicable,
}

/// <summary>One definition of the explained variable and why it won, lost or does not apply.</summary>
/// <param name="Level">The level it would act at.</param>
/// <param name="Origin">Its source in a user's words.</param>
/// <param name="Assignment">The assignment (value and location).</param>
/// <param name="Status">What became of it.</param>
/// <param name="Reason">Why, in one sentence (null for the winner).</param>
public sealed record DefinitionExplanation(PrecedenceLevel Level, string Origin, Assignment Assignment, DefinitionStatus Status, string? Reason);

/// <summary>The full answer to "which value does this variable get here, and why".</summary>
/// <param name="Variable">The variable.</param>
/// <param name="Host">The host.</param>
/// <param name="Context">The play and role.</param>
/// <param name="Resolved">The resolution, or null when the variable is undefined in this context.</param>
/// <param name="Definitions">Every definition found in the checkout, lowest precedence first.</param>
/// <param name="Evaluation">The variable's value after templating, with the trace of how it was evaluated.</param>
/// <param name="Expression">The <c>--expr</c> template and its evaluation, when one was asked for.</param>
/// <param name="ReadSources">For each variable the evaluations read, the definition that supplied it.</param>
public sealed record Explanation(
    string Variable,
    string Host,
    ResolutionContext Context,
    ResolvedVariable? Resolved,
    ImmutableArray<DefinitionExplanation> Definitions,
    EvaluatedValue? Evaluation,
    (string Template, EvaluatedValue Result)? Expression,
    ImmutableDictionary<string, AppliedDefinition> ReadSources)
{
    /// <summary>When a <c>set_fact</c> supplied the value: its argument as written and how it was templated when the task ran.</summary>
    public Tasks.TaskEvaluation? TaskEvaluation { get; init; }
}
