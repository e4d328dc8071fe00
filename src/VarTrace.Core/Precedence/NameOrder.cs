namespace VarTrace.Core.Precedence;

/// <summary>
/// The ordinal order of the variable names one checkout uses, as ranks: a listing sorts each
/// host's thousand names, and <c>values --limit all</c> does it for thousands of hosts, so it sorts
/// ranks instead of comparing strings. Names not ranked yet (a host's own) are sorted by ordinal
/// and merged in, and ranked with the others once there are many of them (the ranking is rebuilt
/// a number of times logarithmic in the names, whatever order contexts come in). Thread-safe.
/// </summary>
internal sealed class NameOrder
{
    // Unranked names wait until they are this many, or a quarter of the ranked ones.
    private const int MinPending = 64;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private Dictionary<string, int> _ranks = new(StringComparer.Ordinal);

    /// <summary>The positions of <paramref name="names"/> (distinct) taken in ordinal order of the names.</summary>
    public int[] Order(IReadOnlyList<string> names)
    {
        var ranks = Volatile.Read(ref _ranks);
        var rankKeys = new int[names.Count];
        var ranked = new int[names.Count];
        var count = 0;
        List<int>? unranked = null;
        for (var i = 0; i < names.Count; i++)
        {
            if (ranks.TryGetValue(names[i], out var rank))
            {
                rankKeys[count] = rank;
                ranked[count++] = i;
            }
            else
            {
                (unranked ??= []).Add(i);
            }
        }

        Array.Sort(rankKeys, ranked, 0, count);
        if (unranked is null) return ranked;
        Remember(unranked.Select(i => names[i]));
        unranked.Sort((a, b) => string.CompareOrdinal(names[a], names[b]));
        return Merge(ranked.AsSpan(0, count), unranked, names);
    }

    private void Remember(IEnumerable<string> unranked)
    {
        lock (_gate)
        {
            _pending.UnionWith(unranked);
            var ranks = _ranks;
            if (_pending.Count < Math.Max(MinPending, ranks.Count / 4)) return;
            var all = new List<string>(ranks.Count + _pending.Count);
            all.AddRange(ranks.Keys);
            all.AddRange(_pending.Where(name => !ranks.ContainsKey(name)));
            all.Sort(StringComparer.Ordinal);
            var next = new Dictionary<string, int>(all.Count, StringComparer.Ordinal);
            foreach (var name in all) next[name] = next.Count;
            _pending.Clear();
            Volatile.Write(ref _ranks, next);
        }
    }

    private static int[] Merge(ReadOnlySpan<int> left, List<int> right, IReadOnlyList<string> names)
    {
        var merged = new int[left.Length + right.Count];
        int i = 0, j = 0, k = 0;
        while (i < left.Length && j < right.Count) merged[k++] = string.CompareOrdinal(names[left[i]], names[right[j]]) <= 0 ? left[i++] : right[j++];
        while (i < left.Length) merged[k++] = left[i++];
        while (j < right.Count) merged[k++] = right[j++];
        return merged;
    }
}
