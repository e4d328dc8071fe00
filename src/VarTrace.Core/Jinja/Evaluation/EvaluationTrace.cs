using System.Collections.Immutable;
using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation;

/// <summary>One thing that happened while evaluating, for <c>explain</c>.</summary>
/// <param name="Depth">How many variables deep (0 for the template explained itself).</param>
public abstract record TraceEvent(int Depth);

/// <summary>A variable was read; <paramref name="Value"/> is what the reading template saw.</summary>
/// <param name="Name">The variable.</param>
/// <param name="Value">Its value (rendered), or an undefined/unknown value.</param>
/// <param name="Depth">Nesting depth.</param>
public sealed record VariableRead(string Name, AnsibleValue Value, int Depth) : TraceEvent(Depth);

/// <summary>A <c>default()</c> was decided.</summary>
/// <param name="Expression">The filter expression's text.</param>
/// <param name="Span">Where it is in its template.</param>
/// <param name="Applied">True when the fallback was used.</param>
/// <param name="Reason">Why, in one sentence.</param>
/// <param name="Depth">Nesting depth.</param>
public sealed record DefaultDecision(string Expression, SourceSpan Span, bool Applied, string Reason, int Depth) : TraceEvent(Depth);

/// <summary>A branch of an <c>if</c> or inline <c>if/else</c> was taken, or could not be decided.</summary>
/// <param name="Condition">The condition's text.</param>
/// <param name="Outcome">"true", "false" or "unknown".</param>
/// <param name="Depth">Nesting depth.</param>
public sealed record BranchDecision(string Condition, string Outcome, int Depth) : TraceEvent(Depth);

/// <summary>Collects trace events in the order they happened.</summary>
public sealed class EvaluationTrace
{
    private readonly List<TraceEvent> _events = [];

    /// <summary>The events so far.</summary>
    public ImmutableArray<TraceEvent> Events => [.. _events];

    /// <summary>How many events were recorded.</summary>
    internal int Count => _events.Count;

    /// <summary>The events from <paramref name="start"/> on.</summary>
    internal ImmutableArray<TraceEvent> Since(int start) => [.. _events.Skip(start)];

    internal void Add(TraceEvent traceEvent)
    {
        // A trace is for reading: beyond a few thousand events it only hides the answer.
        if (_events.Count < 5_000) _events.Add(traceEvent);
    }
}
