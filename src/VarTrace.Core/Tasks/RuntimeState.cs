using System.Collections.Immutable;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;

namespace VarTrace.Core.Tasks;

/// <summary>
/// Variables one task wrote to a host's per-run stores: an <c>include_vars</c> file (the host's
/// vars cache, step K) or a <c>set_fact</c>/<c>register</c> (its non-persistent facts, step L).
/// </summary>
/// <param name="Level"><see cref="PrecedenceLevel.IncludeVars"/> or <see cref="PrecedenceLevel.SetFact"/>.</param>
/// <param name="Origin">What wrote them, in a user's words.</param>
/// <param name="Task">The task that wrote them.</param>
/// <param name="Assignments">The values written: <c>set_fact</c> values as templated at the task,
/// <c>include_vars</c> values raw from the file, <c>register</c> an unknown runtime result.</param>
/// <param name="Evaluations">For <c>set_fact</c>: each value as written and how it was templated at the task, by name.</param>
public sealed record TaskWrite(
    PrecedenceLevel Level,
    string Origin,
    PlayTask Task,
    ImmutableArray<Assignment> Assignments,
    ImmutableDictionary<string, TaskEvaluation> Evaluations);

/// <summary>A task argument as written and how it was templated when the task ran.</summary>
/// <param name="Task">The task.</param>
/// <param name="Raw">The value as written.</param>
/// <param name="Result">The templated value and its trace.</param>
public sealed record TaskEvaluation(PlayTask Task, Values.AnsibleValue Raw, EvaluatedValue Result);

/// <summary>
/// What tasks have written to every host so far in the run (both stores survive across plays).
/// Immutable: each task produces a new state.
/// </summary>
public sealed record RuntimeState(ImmutableDictionary<string, ImmutableList<TaskWrite>> Writes)
{
    /// <summary>Nothing written yet.</summary>
    public static RuntimeState Empty { get; } = new(ImmutableDictionary<string, ImmutableList<TaskWrite>>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>The writes to <paramref name="host"/>, oldest first.</summary>
    public ImmutableList<TaskWrite> For(string host) => Writes.GetValueOrDefault(host, ImmutableList<TaskWrite>.Empty);

    /// <summary>The state with <paramref name="write"/> added for <paramref name="host"/>.</summary>
    public RuntimeState With(string host, TaskWrite write) => new(Writes.SetItem(host, For(host).Add(write)));

    /// <summary>The state with every write of one task added, in order (one new state for thousands of hosts).</summary>
    public RuntimeState With(IEnumerable<(string Host, TaskWrite Write)> writes)
    {
        var builder = Writes.ToBuilder();
        foreach (var (host, write) in writes) builder[host] = builder.GetValueOrDefault(host, ImmutableList<TaskWrite>.Empty).Add(write);
        return new(builder.ToImmutable());
    }
}
