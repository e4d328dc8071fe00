using System.Text;

namespace VarTrace.Core.Inventory;

/// <summary>One <c>shlex</c> token and the 0-based index in the line where it starts.</summary>
internal readonly record struct ShlexToken(string Text, int Start);

/// <summary>
/// The Python string operations the inventory plugins rely on, so line numbers, stripping and
/// splitting match Python 3.11 exactly.
/// </summary>
internal static class InventoryText
{
    /// <summary>Python's <c>str.isspace</c> for one character (also the separators <c>\x1c</c>-<c>\x1f</c>).</summary>
    public static bool IsPySpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    /// <summary>Python's <c>str.strip()</c>.</summary>
    public static string PyStrip(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsPySpace(text[start])) start++;
        while (end > start && IsPySpace(text[end - 1])) end--;
        return text[start..end];
    }

    /// <summary>
    /// Python's <c>str.splitlines()</c>, which the INI plugin uses: besides <c>\n</c>, <c>\r\n</c> and
    /// <c>\r</c> it also breaks at <c>\v</c>, <c>\f</c>, <c>\x1c</c>-<c>\x1e</c>, <c>\x85</c>,
    /// U+2028 and U+2029, so line numbers count those too.
    /// </summary>
    public static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                lines.Add(text[start..i]);
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                start = i;
            }
            else
            {
                i++;
            }
        }

        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    /// <summary>
    /// Python's <c>shlex.split(line, comments=True)</c> (POSIX mode, whitespace splitting), which the INI
    /// plugin applies to host lines, with each token's start. Quotes are removed; a backslash escapes the
    /// next character outside quotes and only <c>"</c> or <c>\</c> inside double quotes; <c>#</c> starts a
    /// comment even in the middle of a word.
    /// </summary>
    /// <exception cref="FormatException">Python's <c>ValueError</c>: <c>No closing quotation</c> or <c>No escaped character</c>.</exception>
    public static List<ShlexToken> ShlexSplit(string line)
    {
        const char Word = 'a';
        const char Space = ' ';
        var tokens = new List<ShlexToken>();
        var token = new StringBuilder();
        var state = Space;
        var escapedState = Space;
        var start = 0;
        for (var i = 0; i <= line.Length; i++)
        {
            var end = i == line.Length;
            var c = end ? '\0' : line[i];
            switch (state)
            {
                case Space:
                    if (end || c == '#') return tokens;
                    if (c is ' ' or '\t' or '\r' or '\n') continue;
                    start = i;
                    if (c == '\\')
                    {
                        escapedState = Word;
                        state = c;
                    }
                    else if (c is '\'' or '"')
                    {
                        state = c;
                    }
                    else
                    {
                        token.Append(c);
                        state = Word;
                    }

                    break;
                case '\'' or '"':
                    if (end) throw new FormatException("No closing quotation");
                    if (c == state) state = Word;
                    else if (c == '\\' && state == '"')
                    {
                        escapedState = state;
                        state = c;
                    }
                    else
                    {
                        token.Append(c);
                    }

                    break;
                case '\\':
                    if (end) throw new FormatException("No escaped character");

                    // Inside double quotes only the quote and the backslash itself can be escaped.
                    if (escapedState == '"' && c != '\\' && c != '"') token.Append('\\');
                    token.Append(c);
                    state = escapedState;
                    break;
                default: // Word
                    if (end || c is ' ' or '\t' or '\r' or '\n' or '#')
                    {
                        tokens.Add(new ShlexToken(token.ToString(), start));
                        token.Clear();
                        if (end || c == '#') return tokens;
                        state = Space;
                    }
                    else if (c is '\'' or '"')
                    {
                        state = c;
                    }
                    else if (c == '\\')
                    {
                        escapedState = Word;
                        state = c;
                    }
                    else
                    {
                        token.Append(c);
                    }

                    break;
            }
        }

        return tokens;
    }
}
