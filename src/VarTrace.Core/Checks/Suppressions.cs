using System.Text.RegularExpressions;

namespace VarTrace.Core.Checks;

/// <summary>
/// Inline suppression comments: <c># vartrace: disable=VT1001,VT1002</c> on the line a finding
/// points at, or <c># vartrace: disable-file=VT1001</c> anywhere in the file.
/// </summary>
public static partial class Suppressions
{
    /// <summary>True when a comment silences <paramref name="diagnostic"/>.</summary>
    public static bool Silences(Diagnostic diagnostic, IReadOnlyList<string>? lines)
    {
        if (lines is null) return false;
        var line = Math.Max(1, diagnostic.Location.Line);
        if (line <= lines.Count && Names(lines[line - 1], "disable").Contains(diagnostic.Rule.Id)) return true;
        return lines.Any(l => Names(l, "disable-file").Contains(diagnostic.Rule.Id));
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
