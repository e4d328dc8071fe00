namespace VarTrace.Core.Diff;

/// <summary>
/// Which lines of a file a change added or modified: the lines of the new text that a longest
/// common subsequence with the old text does not keep, after trimming the common head and tail.
/// </summary>
public static class ChangedLines
{
    /// <summary>Above this many cells the middle is not aligned and counts as changed as a whole.</summary>
    private const long MaxAlignmentCells = 4_000_000;

    /// <summary>1-based numbers of the lines of <paramref name="newText"/> that are not in <paramref name="oldText"/> (all of them when it is null).</summary>
    public static IReadOnlySet<int> Find(string? oldText, string newText)
    {
        var after = Lines(newText);
        if (oldText is null) return Enumerable.Range(1, after.Length).ToHashSet();
        var before = Lines(oldText);
        var head = 0;
        while (head < before.Length && head < after.Length && before[head] == after[head]) head++;
        var tail = 0;
        while (tail < before.Length - head && tail < after.Length - head && before[^(tail + 1)] == after[^(tail + 1)]) tail++;
        var oldMiddle = before[head..^tail];
        var newMiddle = after[head..^tail];
        var changed = new HashSet<int>();
        if ((long)oldMiddle.Length * newMiddle.Length > MaxAlignmentCells)
        {
            for (var i = 0; i < newMiddle.Length; i++) changed.Add(head + i + 1);
            return changed;
        }

        // lengths[i, j]: LCS length of oldMiddle[i..] and newMiddle[j..].
        var lengths = new int[oldMiddle.Length + 1, newMiddle.Length + 1];
        for (var i = oldMiddle.Length - 1; i >= 0; i--)
        {
            for (var j = newMiddle.Length - 1; j >= 0; j--)
            {
                lengths[i, j] = oldMiddle[i] == newMiddle[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (y < newMiddle.Length)
        {
            if (x < oldMiddle.Length && oldMiddle[x] == newMiddle[y])
            {
                x++;
                y++;
            }
            else if (x < oldMiddle.Length && lengths[x + 1, y] >= lengths[x, y + 1])
            {
                x++;
            }
            else
            {
                changed.Add(head + y + 1);
                y++;
            }
        }

        return changed;
    }

    private static string[] Lines(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length > 0 && lines[^1].Length == 0) lines = lines[..^1];
        return [.. lines.Select(static l => l.TrimEnd('\r'))];
    }
}
