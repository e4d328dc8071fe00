using System.Text.RegularExpressions;

namespace VarTrace.Core.Checks;

/// <summary>
/// Inline suppression comments: <c># vartrace: disable=VT1001,VT1002</c> on the line a finding
/// points at, or <c># vartrace: disable-file=VT1001</c> anywhere in the file.
/// </summary>
public sealed partial class Suppressions
{
    private readonly IReadOnlyList<string> _lines;
    private readonly HashSet<string> _wholeFile;

    private Suppressions(IReadOnlyList<string> lines)
    {
        _lines = lines;
        _wholeFile = [.. lines.Where(static l => l.Contains("vartrace:", StringComparison.Ordinal)).SelectMany(static l => Names(l, "disable-file"))];
    }

    /// <summary>The comments of a file (its lines), read once for all of its findings.</summary>
    public static Suppressions Of(IReadOnlyList<string> lines) => new(lines);

    /// <summary>True when a comment silences <paramref name="diagnostic"/>, which points into this file.</summary>
    public bool Silence(Diagnostic diagnostic)
    {
        if (_wholeFile.Contains(diagnostic.Rule.Id)) return true;
        var line = Math.Max(1, diagnostic.Location.Line);
        return line <= _lines.Count && Names(_lines[line - 1], "disable").Contains(diagnostic.Rule.Id);
    }

    private static IEnumerable<string> Names(string line, string verb)
    {
        foreach (Match match in CommentPattern().Matches(line))
        {
            if (match.Groups["verb"].Value != verb) continue;
            foreach (var id in match.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)) yield return id;
        }
    }

    [GeneratedRegex(@"#\s*vartrace:\s*(?<verb>disable(?:-file)?)=(?<ids>[A-Z0-9, ]+)")]
    private static partial Regex CommentPattern();
}
