using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation;

/// <summary>
/// Results of templating a variable, shared by the engines of every host and context of one
/// checkout: a role default such as <c>"{{ kube_version }}-{{ arch }}"</c> renders to the same
/// value on each of thousands of hosts whenever the raw values it read are the same. An entry
/// records every name its evaluation read and the raw value (by reference) each one had; a later
/// evaluation of the same raw value reuses it when all of those names still hold the very same raw
/// values, which makes it the same computation. Per-host inputs (<c>inventory_hostname</c>,
/// <c>hostvars</c>) are new objects in each resolution, so results that read them are never reused
/// across hosts. Owned by the workspace whose raw values it holds (a process-wide weak table would
/// cost every garbage collection one handle per value). Thread-safe.
/// </summary>
public sealed class TemplateMemo
{
    // A raw value read under many different inputs (a template over per-host variables) stops
    // collecting entries: checking them would cost more than evaluating.
    private const int MaxEntriesPerValue = 8;

    // Per options (filters, target version and limits change results) and raw value, both by identity.
    private readonly ConcurrentDictionary<(EvaluationOptions Options, AnsibleValue Raw), Entries> _byRaw = new(new IdentityComparer());

    /// <summary>A recorded result of templating <paramref name="raw"/> whose reads all hold in <paramref name="scope"/>.</summary>
    /// <param name="options">The settings the result was computed with.</param>
    /// <param name="raw">The value templated.</param>
    /// <param name="variable">The variable it is the value of (its own name counts as being rendered), or null for a plain value.</param>
    /// <param name="scope">The variables now.</param>
    /// <param name="traced">True when the caller needs the evaluation's trace events.</param>
    internal Entry? Find(EvaluationOptions options, AnsibleValue raw, string? variable, IVariableScope scope, bool traced)
    {
        if (!_byRaw.TryGetValue((options, raw), out var entries)) return null;
        foreach (var entry in entries.Snapshot)
        {
            if (entry.Variable == variable && (!traced || entry.IsTraced) && entry.Holds(scope)) return entry;
        }

        return null;
    }

    /// <summary>Records the result of templating <paramref name="raw"/>.</summary>
    internal void Add(EvaluationOptions options, AnsibleValue raw, Entry entry) => _byRaw.GetOrAdd((options, raw), static _ => new Entries()).Add(entry);

    /// <summary>One evaluation: what it read, what it produced, what it warned about and traced.</summary>
    /// <param name="Variable">The variable templated, or null for a plain value.</param>
    /// <param name="Reads">Every variable read, with its raw value (null: undefined), in order.</param>
    /// <param name="Value">The templated value.</param>
    /// <param name="Warnings">The warnings the evaluation raised.</param>
    /// <param name="TracedEvents">The trace events, when the evaluation was traced.</param>
    internal sealed record Entry(string? Variable, ImmutableArray<(string Name, AnsibleValue? Raw)> Reads, AnsibleValue Value, ImmutableArray<TemplateWarning> Warnings, ImmutableArray<TraceEvent>? TracedEvents)
    {
        public bool IsTraced => TracedEvents is not null;

        public ImmutableArray<TraceEvent> Events => TracedEvents ?? [];

        public bool Holds(IVariableScope scope)
        {
            foreach (var (name, raw) in Reads)
            {
                if (!ReferenceEquals(scope.Raw(name), raw)) return false;
            }

            return true;
        }
    }

    private sealed class IdentityComparer : IEqualityComparer<(EvaluationOptions Options, AnsibleValue Raw)>
    {
        public bool Equals((EvaluationOptions Options, AnsibleValue Raw) x, (EvaluationOptions Options, AnsibleValue Raw) y) =>
            ReferenceEquals(x.Options, y.Options) && ReferenceEquals(x.Raw, y.Raw);

        public int GetHashCode((EvaluationOptions Options, AnsibleValue Raw) key) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(key.Options), RuntimeHelpers.GetHashCode(key.Raw));
    }

    private sealed class Entries
    {
        private readonly Lock _gate = new();

        public ImmutableArray<Entry> Snapshot { get; private set; } = [];

        public void Add(Entry entry)
        {
            lock (_gate)
            {
                if (Snapshot.Length < MaxEntriesPerValue) Snapshot = Snapshot.Add(entry);
            }
        }
    }
}
