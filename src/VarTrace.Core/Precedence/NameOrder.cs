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

    /// <summary><paramref name="names"/> (distinct) in ordinal order.</summary>
    public string[] Sort(IReadOnlyCollection<string> names)
    {
        var ranks = Volatile.Read(ref _ranks);
        var rankKeys = new int[names.Count];
        var ranked = new string[names.Count];
        var count = 0;
        List<string>? unranked = null;
        foreach (var name in names)
        {
            if (ranks.TryGetValue(name, out var rank))
            {
                rankKeys[count] = rank;
                ranked[count++] = name;
            }
            else
            {
                (unranked ??= []).Add(name);
            }
        }

        Array.Sort(rankKeys, ranked, 0, count);
        if (unranked is null) return ranked;
        Remember(unranked);
        unranked.Sort(StringComparer.Ordinal);
        return Merge(ranked.AsSpan(0, count), unranked);
    }

    private void Remember(List<string> unranked)
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

    private static string[] Merge(ReadOnlySpan<string> left, List<string> right)
    {
        var merged = new string[left.Length + right.Count];
        int i = 0, j = 0, k = 0;
        while (i < left.Length && j < right.Count) merged[k++] = string.CompareOrdinal(left[i], right[j]) <= 0 ? left[i++] : right[j++];
        while (i < left.Length) merged[k++] = left[i++];
        while (j < right.Count) merged[k++] = right[j++];
        return merged;
    }
}
