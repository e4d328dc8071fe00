using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace VarTrace.Core.Jinja.Evaluation.Filters;

/// <summary>
/// Python 3.11 <c>re</c> patterns and <c>re.sub</c> templates on .NET's engine: <c>(?P&lt;n&gt;...)</c>
/// becomes <c>(?&lt;n&gt;...)</c>, <c>(?P=n)</c> becomes <c>\k&lt;n&gt;</c>, <c>\Z</c> (end of string only)
/// becomes <c>\z</c>, <c>{,n}</c> becomes <c>{0,n}</c>. Every match runs with a timeout, since
/// patterns come from the analysed project.
/// </summary>
internal static class PythonRegex
{
    /// <summary>How long one regex operation may run before the filter fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private static readonly ConcurrentDictionary<(string, RegexOptions), Regex> Cache = new();

    /// <summary>Compiles a Python pattern (cached); raises Python's <c>re.error</c> equivalent for an invalid one.</summary>
    public static Regex Compile(string pattern, bool ignoreCase, bool multiline, string prefix = "", string suffix = "")
    {
        var options = (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | (multiline ? RegexOptions.Multiline : RegexOptions.None) | RegexOptions.CultureInvariant;
        var translated = prefix + Translate(pattern) + suffix;
        if (Cache.TryGetValue((translated, options), out var cached)) return cached;
        try
        {
            var regex = new Regex(translated, options, Timeout);
            if (Cache.Count < 1000) Cache[(translated, options)] = regex;
            return regex;
        }
        catch (ArgumentException e)
        {
            throw new TemplateError(PythonBracketError(pattern) ?? $"invalid regular expression {PythonFormatRepr(pattern)}: {e.Message}");
        }
    }

    /// <summary>
    /// Python's <c>re.error</c> text for unbalanced brackets, the usual mistake (<c>missing ), unterminated
    /// subpattern at position 0</c>), found by scanning the pattern as sre_parse does; null for other errors.
    /// </summary>
    private static string? PythonBracketError(string pattern)
    {
        var open = new Stack<int>();
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    var start = i;
                    i++;
                    if (i < pattern.Length && pattern[i] == '^') i++;
                    if (i < pattern.Length && pattern[i] == ']') i++;
                    while (i < pattern.Length && pattern[i] != ']') i += pattern[i] == '\\' ? 2 : 1;
                    if (i >= pattern.Length) return $"unterminated character set at position {start}";
                    break;
                case '(':
                    open.Push(i);
                    break;
                case ')':
                    if (open.Count == 0) return $"unbalanced parenthesis at position {i}";
                    open.Pop();
                    break;
            }
        }

        return open.Count > 0 ? $"missing ), unterminated subpattern at position {open.Peek()}" : null;
    }

    /// <summary>Runs a regex operation, turning a timeout into a template error.</summary>
    public static T Run<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (RegexMatchTimeoutException)
        {
            throw new TemplateError($"regular expression took longer than {Timeout.TotalSeconds:0} s (VarTrace's limit)");
        }
    }

    /// <summary>The .NET form of a Python pattern.</summary>
    public static string Translate(string pattern)
    {
        var builder = new StringBuilder(pattern.Length + 8);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                builder.Append(!inClass && next == 'Z' ? "\\z" : $"\\{next}");
                i++;
                continue;
            }

            if (inClass)
            {
                if (c == ']') inClass = false;
                builder.Append(c);
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                builder.Append(c);

                // A ']' right after '[' or '[^' is a literal in both dialects.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    builder.Append('^');
                    i++;
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    builder.Append("\\]");
                    i++;
                }

                continue;
            }

            if (c == '(' && string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0)
            {
                builder.Append("(?<");
                i += 3;
                continue;
            }

            if (c == '(' && string.CompareOrdinal(pattern, i, "(?P=", 0, 4) == 0)
            {
                var close = pattern.IndexOf(')', i);
                if (close > 0)
                {
                    builder.Append("\\k<").Append(pattern, i + 4, close - i - 4).Append('>');
                    i = close;
                    continue;
                }
            }

            if (c == '{' && i + 1 < pattern.Length && pattern[i + 1] == ',')
            {
                var close = pattern.IndexOf('}', i);
                if (close > i + 2 && pattern.AsSpan(i + 2, close - i - 2).IndexOfAnyExceptInRange('0', '9') < 0)
                {
                    builder.Append("{0").Append(pattern, i + 1, close - i);
                    i = close;
                    continue;
                }
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Python's <c>re.sub</c> template expansion: <c>\1</c>..<c>\99</c>, <c>\g&lt;n&gt;</c>, <c>\g&lt;name&gt;</c>,
    /// the escapes <c>\n \t \r \f \v \a \b \\</c>; an unmatched group expands to nothing (Python 3.5+).
    /// </summary>
    public static Func<Match, string> Template(Regex regex, string template)
    {
        var parts = new List<(string? Text, string? Group)>();
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c != '\\' || i + 1 >= template.Length)
            {
                if (c == '\\') throw new TemplateError($"bad escape (end of pattern) at position {i}");
                literal.Append(c);
                continue;
            }

            var next = template[++i];
            string? group = null;
            if (next == 'g')
            {
                var close = template.IndexOf('>', i);
                if (i + 1 >= template.Length || template[i + 1] != '<' || close < 0) throw new TemplateError($"missing < at position {i + 1}");
                group = template[(i + 2)..close];
                i = close;
            }
            else if (char.IsAsciiDigit(next))
            {
                var end = i + 1;
                if (next != '0' && end < template.Length && char.IsAsciiDigit(template[end])) end++;
                group = template[i..end];
                if (next == '0')
                {
                    // \0 is an octal escape, not a group.
                    literal.Append('\0');
                    continue;
                }

                i = end - 1;
            }
            else
            {
                // Unknown ASCII-letter escapes are errors; any other escaped character stays as written.
                if (char.IsAsciiLetter(next))
                {
                    literal.Append(next switch
                    {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        'f' => '\f',
                        'v' => '\v',
                        'a' => '\a',
                        'b' => '\b',
                        _ => throw new TemplateError($"bad escape \\{next} at position {i - 1}"),
                    });
                }
                else if (next == '\\')
                {
                    literal.Append('\\');
                }
                else
                {
                    literal.Append('\\').Append(next);
                }

                continue;
            }

            var valid = int.TryParse(group, out var number) ? number < regex.GetGroupNumbers().Length : regex.GroupNumberFromName(group) >= 0;
            if (!valid) throw new TemplateError(int.TryParse(group, out _) ? $"invalid group reference {group} at position {i}" : $"unknown group name '{group}'");
            if (literal.Length > 0)
            {
                parts.Add((literal.ToString(), null));
                literal.Clear();
            }

            parts.Add((null, group));
        }

        if (literal.Length > 0) parts.Add((literal.ToString(), null));
        return match =>
        {
            var output = new StringBuilder();
            foreach (var (text, group) in parts)
            {
                if (text is not null) output.Append(text);
                else output.Append(int.TryParse(group, out var n) ? match.Groups[n].Value : match.Groups[group!].Value);
            }

            return output.ToString();
        };
    }

    /// <summary>Python's <c>re.escape</c> (3.7+): only the special characters get a backslash.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            if ("()[]{}?*+-|^$\\.&~# \t\n\r\v\f".Contains(c, StringComparison.Ordinal)) builder.Append('\\');
            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string PythonFormatRepr(string text) => Values.PythonRepr.Repr(new Values.AnsibleString(text));
}
