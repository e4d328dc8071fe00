using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using VarTrace.Core.Model;
using VarTrace.Core.Values;

namespace VarTrace.Core.Precedence;

/// <summary>
/// The variables of one resolution by name, enumerated in ordinal name order. A variable is folded
/// (its definitions collected, merged under <c>hash_behaviour=merge</c>) the first time it is read:
/// the task runner resolves every host again at each <c>set_fact</c> and reads a handful of the
/// thousands of names, so folding them all up front was most of a query's time. Not thread-safe,
/// like the evaluator that reads it: one resolution per thread.
/// </summary>
public sealed class VariableTable : IReadOnlyDictionary<string, ResolvedVariable>
{
    private readonly ImmutableArray<VarSource> _sources;
    private readonly bool _merge;
    private readonly NameOrder _order;

    // Every assignment in fold order as (source, index in source), chained per name: the first
    // lookup indexes names only, and a variable's definitions are followed from its head.
    private readonly Dictionary<string, (int Head, int Tail)> _chains;
    private readonly (int Source, int Index, int Next)[] _links;
    private readonly Dictionary<string, ResolvedVariable> _folded = new(StringComparer.Ordinal);
    private (string Name, (int Head, int Tail) Chain)[]? _sorted;

    /// <summary>
    /// When set, every name looked up is added to it, and anything that lists every variable sets
    /// <see cref="ReadLog.Everything"/>: the task runner learns what a task's write depended on.
    /// </summary>
    internal ReadLog? Reads { get; set; }

    /// <summary>Indexes the assignments of <paramref name="sources"/> (in fold order) by name.</summary>
    /// <param name="sources">The sources in fold order.</param>
    /// <param name="merge">True under <c>hash_behaviour=merge</c>.</param>
    /// <param name="order">The ordinal ranks of the checkout's names, which listings sort by.</param>
    internal VariableTable(ImmutableArray<VarSource> sources, bool merge, NameOrder order)
    {
        _sources = sources;
        _merge = merge;
        _order = order;
        var total = 0;
        foreach (var source in sources) total += source.Assignments.Length;
        _links = new (int, int, int)[total];
        _chains = new Dictionary<string, (int, int)>(Math.Min(total, 4096), StringComparer.Ordinal);
        var position = 0;
        for (var s = 0; s < sources.Length; s++)
        {
            var assignments = sources[s].Assignments;
            for (var i = 0; i < assignments.Length; i++, position++)
            {
                _links[position] = (s, i, -1);
                ref var chain = ref CollectionsMarshal.GetValueRefOrAddDefault(_chains, assignments[i].Name, out var exists);
                if (exists)
                {
                    _links[chain.Tail].Next = position;
                    chain.Tail = position;
                }
                else
                {
                    chain = (position, position);
                }
            }
        }
    }

    /// <inheritdoc />
    public int Count
    {
        get
        {
            Reads?.ReadEverything();
            return _chains.Count;
        }
    }

    /// <summary>Every variable name, in ordinal order.</summary>
    public IEnumerable<string> Keys => Sorted.Select(static entry => entry.Name);

    /// <summary>Every variable, in ordinal name order.</summary>
    public IEnumerable<ResolvedVariable> Values => Sorted.Select(entry => Folded(entry.Name, entry.Chain));

    /// <inheritdoc />
    public ResolvedVariable this[string key] =>
        TryGetValue(key, out var variable) ? variable : throw new KeyNotFoundException($"`{key}` is not defined in this resolution");

    /// <inheritdoc />
    public bool ContainsKey(string key)
    {
        Reads?.Names.Add(key);
        return _chains.ContainsKey(key);
    }

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out ResolvedVariable value)
    {
        Reads?.Names.Add(key);
        if (_folded.TryGetValue(key, out value)) return true;
        if (!_chains.TryGetValue(key, out var chain))
        {
            value = null;
            return false;
        }

        value = Fold(key, chain);
        _folded[key] = value;
        return true;
    }

    /// <summary>The variable, or null when nothing defines it.</summary>
    public ResolvedVariable? GetValueOrDefault(string key) => TryGetValue(key, out var value) ? value : null;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, ResolvedVariable>> GetEnumerator()
    {
        foreach (var (name, chain) in Sorted) yield return new KeyValuePair<string, ResolvedVariable>(name, Folded(name, chain));
    }

    IEnumerable<string> IReadOnlyDictionary<string, ResolvedVariable>.Keys => Keys;

    IEnumerable<ResolvedVariable> IReadOnlyDictionary<string, ResolvedVariable>.Values => Values;

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Every name with its chain of definitions, in ordinal name order.</summary>
    private (string Name, (int Head, int Tail) Chain)[] Sorted
    {
        get
        {
            Reads?.ReadEverything();
            if (_sorted is not null) return _sorted;
            var names = new string[_chains.Count];
            var chains = new (int Head, int Tail)[_chains.Count];
            var n = 0;
            foreach (var (name, chain) in _chains)
            {
                names[n] = name;
                chains[n++] = chain;
            }

            var order = _order.Order(names);
            var sorted = new (string Name, (int Head, int Tail) Chain)[n];
            for (var i = 0; i < n; i++) sorted[i] = (names[order[i]], chains[order[i]]);
            return _sorted = sorted;
        }
    }

    /// <summary>The variable folded from its chain (once: later lookups find it folded).</summary>
    private ResolvedVariable Folded(string name, (int Head, int Tail) chain)
    {
        ref var folded = ref CollectionsMarshal.GetValueRefOrAddDefault(_folded, name, out var exists);
        if (!exists) folded = Fold(name, chain);
        return folded!;
    }

    private ResolvedVariable Fold(string name, (int Head, int Tail) chain)
    {
        if (!_merge)
        {
            // Without merging, a fold is a plain dict update chain: the last definition wins.
            var (source, index, _) = _links[chain.Tail];
            return new ResolvedVariable(name, new AppliedDefinition(_sources[source], _sources[source].Assignments[index], chain.Tail), this, chain.Head);
        }

        var definitions = Definitions(chain.Head, winner: null);
        var value = FoldGroup(definitions.AsSpan(), depth: 0);
        return new ResolvedVariable(name, value, definitions, isMerged: !ReferenceEquals(value, definitions[^1].Assignment.Value));
    }

    /// <summary>The definitions chained from <paramref name="head"/>, in fold order; the last one is <paramref name="winner"/> when given.</summary>
    internal ImmutableArray<AppliedDefinition> Definitions(int head, AppliedDefinition? winner)
    {
        var count = 0;
        for (var link = head; link >= 0; link = _links[link].Next) count++;
        var definitions = new AppliedDefinition[count];
        var n = 0;
        for (var link = head; link >= 0; link = _links[link].Next)
        {
            var (source, index, next) = _links[link];
            definitions[n++] = next < 0 && winner is not null ? winner : new AppliedDefinition(_sources[source], _sources[source].Assignments[index], link);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(definitions);
    }

    /// <summary>
    /// Folds consecutive definitions, first folding each run that shares a deeper
    /// <see cref="VarSource.MergeGroup"/> on its own, as Ansible's nested combine_vars calls do.
    /// </summary>
    private static AnsibleValue FoldGroup(ReadOnlySpan<AppliedDefinition> definitions, int depth)
    {
        AnsibleValue? value = null;
        var index = 0;
        while (index < definitions.Length)
        {
            var group = definitions[index].Source.MergeGroup;
            var end = index + 1;
            AnsibleValue next;
            if (group.Length > depth)
            {
                while (end < definitions.Length && definitions[end].Source.MergeGroup is var other && other.Length > depth && other[depth] == group[depth]) end++;
                next = FoldGroup(definitions[index..end], depth + 1);
            }
            else
            {
                next = definitions[index].Assignment.Value;
            }

            var replaces = group.Length == depth && definitions[index].Source.ReplacesWithinGroup;
            value = value is AnsibleDict left && next is AnsibleDict right && !replaces ? MergeHash(left, right) : next;
            index = end;
        }

        return value!;
    }

    /// <summary><c>utils/vars.py merge_hash</c> with the default <c>list_merge=replace</c>.</summary>
    private static AnsibleDict MergeHash(AnsibleDict left, AnsibleDict right)
    {
        var entries = left.Entries.ToList();
        foreach (var entry in right.Entries)
        {
            var index = entries.FindIndex(e => e.Key.DeepEquals(entry.Key));
            if (index < 0) entries.Add(entry);
            else if (entries[index].Value is AnsibleDict l && entry.Value is AnsibleDict r) entries[index] = new(entry.Key, MergeHash(l, r));
            else entries[index] = new(entries[index].Key, entry.Value);
        }

        return new AnsibleDict([.. entries]);
    }
}
