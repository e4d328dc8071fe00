using System.Globalization;
using System.Text;

namespace VarTrace.Core.Jinja.Syntax;

/// <summary>
/// Splits a template into tokens by hand, following the rules of jinja2/lexer.py (Jinja 3.1) without
/// its regular expressions. Offsets stay those of the original string: Jinja normalises line breaks
/// to <c>\n</c> before lexing, so here every <c>\r\n</c>, <c>\r</c> and <c>\n</c> counts as one line
/// break and data values are normalised instead. A lexing error becomes an <see cref="TokenKind.Error"/>
/// token and ends the stream; the parser raises it when it gets there, as Jinja's lazy lexer does.
/// </summary>
internal sealed class Lexer
{
    private readonly string _text;
    private readonly JinjaSyntaxOptions _options;
    private bool _inOutputTag;
    private readonly List<Token> _tokens;
    private readonly List<char> _brackets = [];

    // Jinja drops the template's final line break before lexing unless keep_trailing_newline is set.
    private readonly int _end;

    // Jinja's line_starting: whether the last thing consumed ended a line (true at the start).
    private bool _lineStarting = true;

    private Lexer(string text, JinjaSyntaxOptions options)
    {
        _text = text;
        _options = options;
        _tokens = new List<Token>(Math.Min(text.Length / 5, 1024) + 8);
        _end = text.Length;
        if (!options.KeepTrailingNewline && _end > 0)
        {
            if (_end >= 2 && text[_end - 2] == '\r' && text[_end - 1] == '\n') _end -= 2;
            else if (text[_end - 1] is '\n' or '\r') _end -= 1;
        }
    }

    /// <summary>
    /// The tokens of <paramref name="text"/>, ending with <see cref="TokenKind.Eof"/> or an
    /// <see cref="TokenKind.Error"/>. With <paramref name="expression"/> the text starts inside a
    /// <c>{{ }}</c> tag, as in Jinja's <c>compile_expression</c>.
    /// </summary>
    public static List<Token> Tokenize(string text, JinjaSyntaxOptions options, bool expression)
    {
        var lexer = new Lexer(text, options);
        lexer.Run(expression);
        return lexer._tokens;
    }

    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    private void Run(bool expression)
    {
        var pos = 0;
        if (expression && !LexTag(ref pos, isBlock: false)) return;

        while (pos < _end)
        {
            var tag = FindTagStart(pos);
            if (tag < 0)
            {
                AddData(pos, _end);
                break;
            }

            if (_text[tag + 1] == '%' && TryRawBegin(tag, out var rawSign, out var rawContent))
            {
                AddText(pos, tag, rawSign, isVariable: false);
                SetLineStarting(rawContent);
                if (!LexRaw(tag, rawContent, ref pos)) return;
                continue;
            }

            var sign = tag + 2 < _end && _text[tag + 2] is '-' or '+' ? _text[tag + 2] : '\0';
            var opener = _text[tag + 1];
            AddText(pos, tag, sign, isVariable: opener == '{');
            _lineStarting = false;
            var afterOpen = tag + 2 + (sign == '\0' ? 0 : 1);
            if (opener == '#')
            {
                if (!LexComment(tag, afterOpen, ref pos)) return;
                continue;
            }

            var isBlock = opener == '%';
            Add(isBlock ? TokenKind.BlockBegin : TokenKind.VariableBegin, tag, afterOpen - tag);
            pos = afterOpen;
            if (!LexTag(ref pos, isBlock)) return;
        }

        _tokens.Add(new Token(TokenKind.Eof, _end, 0, null));
    }

    private int FindTagStart(int pos)
    {
        while (pos < _end - 1)
        {
            var brace = _text.IndexOf('{', pos, _end - 1 - pos);
            if (brace < 0) return -1;
            if (_text[brace + 1] is '{' or '%' or '#') return brace;
            pos = brace + 1;
        }

        return -1;
    }

    // Text before a tag, with Jinja's OptionalLStrip rules: `-` strips all whitespace before the tag;
    // otherwise lstrip_blocks strips spaces between the line start and a block or comment tag.
    private void AddText(int start, int stop, char sign, bool isVariable)
    {
        if (sign == '-')
        {
            while (stop > start && IsSpace(_text[stop - 1])) stop--;
        }
        else if (sign != '+' && _options.LstripBlocks && !isVariable)
        {
            var lineStart = _text.AsSpan(start, stop - start).LastIndexOfAny('\n', '\r') + 1;
            var hasNewline = lineStart > 0;
            lineStart += start;
            if ((hasNewline || _lineStarting) && lineStart < stop && AllSpace(lineStart, stop)) stop = lineStart;
        }

        AddData(start, stop);
    }

    private void AddData(int start, int stop)
    {
        if (stop > start) _tokens.Add(new Token(TokenKind.Data, start, stop - start, NormalizeNewlines(start, stop)));
    }

    private string NormalizeNewlines(int start, int stop)
    {
        var span = _text.AsSpan(start, stop - start);
        if (span.IndexOf('\r') < 0) return span.ToString();
        var builder = new StringBuilder(span.Length);
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] != '\r') builder.Append(span[i]);
            else
            {
                builder.Append('\n');
                if (i + 1 < span.Length && span[i + 1] == '\n') i++;
            }
        }

        return builder.ToString();
    }

    private bool AllSpace(int start, int stop)
    {
        for (var i = start; i < stop; i++)
        {
            if (!IsSpace(_text[i])) return false;
        }

        return true;
    }

    private int SkipSpace(int pos)
    {
        while (pos < _end && IsSpace(_text[pos])) pos++;
        return pos;
    }

    // trim_blocks: Jinja's `\n?` after a block or comment end, on the newline-normalised text.
    private int SkipOneNewline(int pos)
    {
        if (!_options.TrimBlocks || pos >= _end) return pos;
        if (_text[pos] == '\r') return pos + 1 < _end && _text[pos + 1] == '\n' ? pos + 2 : pos + 1;
        return _text[pos] == '\n' ? pos + 1 : pos;
    }

    private void SetLineStarting(int consumedEnd) =>
        _lineStarting = consumedEnd > 0 && _text[consumedEnd - 1] is '\n' or '\r';

    private bool At(int pos, string literal) =>
        pos + literal.Length <= _end && string.CompareOrdinal(_text, pos, literal, 0, literal.Length) == 0;

    private void Add(TokenKind kind, int start, int length, string? value = null) =>
        _tokens.Add(new Token(kind, start, length, value));

    private void AddError(int start, int length, string message) =>
        _tokens.Add(new Token(TokenKind.Error, start, Math.Max(length, 0), message));

    // Jinja's raw_begin: `{%` sign? \s* `raw` \s* (`-%}` \s* | `%}`), tried before the block rule.
    // There is no trim_blocks suffix here, so the line break after `{% raw %}` is kept.
    private bool TryRawBegin(int tag, out char sign, out int contentStart)
    {
        sign = '\0';
        contentStart = 0;
        var p = tag + 2;
        if (p < _end && _text[p] is '-' or '+') sign = _text[p++];
        p = SkipSpace(p);
        if (!At(p, "raw")) return false;
        p = SkipSpace(p + 3);
        if (At(p, "-%}")) contentStart = SkipSpace(p + 3);
        else if (At(p, "%}")) contentStart = p + 2;
        else return false;
        return true;
    }

    // Jinja's raw state: the first `{%` sign? \s* `endraw` \s* (`+%}` | `-%}` \s* | `%}` \n?).
    private bool LexRaw(int tag, int contentStart, ref int pos)
    {
        for (var p = _text.IndexOf("{%", contentStart, _end - contentStart, StringComparison.Ordinal);
             p >= 0;
             p = p + 2 < _end ? _text.IndexOf("{%", p + 2, _end - p - 2, StringComparison.Ordinal) : -1)
        {
            var q = p + 2;
            var sign = q < _end && _text[q] is '-' or '+' ? _text[q++] : '\0';
            q = SkipSpace(q);
            if (!At(q, "endraw")) continue;
            q = SkipSpace(q + 6);
            int after;
            if (At(q, "+%}")) after = q + 3;
            else if (At(q, "-%}")) after = SkipSpace(q + 3);
            else if (At(q, "%}")) after = SkipOneNewline(q + 2);
            else continue;

            AddText(contentStart, p, sign, isVariable: false);
            pos = after;
            SetLineStarting(after);
            return true;
        }

        AddError(tag, contentStart - tag, ErrorMessages.UnclosedRaw);
        return false;
    }

    // Jinja's comment state: the first `#}`, with `-` or `+` directly before it as its sign.
    private bool LexComment(int tag, int contentStart, ref int pos)
    {
        var close = contentStart < _end ? _text.IndexOf("#}", contentStart, _end - contentStart, StringComparison.Ordinal) : -1;
        if (close < 0)
        {
            AddError(tag, contentStart - tag, ErrorMessages.UnclosedComment);
            return false;
        }

        var sign = close > contentStart && _text[close - 1] is '-' or '+' ? _text[close - 1] : '\0';
        pos = sign switch
        {
            '-' => SkipSpace(close + 2),
            '+' => close + 2,
            _ => SkipOneNewline(close + 2),
        };
        SetLineStarting(pos);
        return true;
    }

    // Inside `{{ }}` or `{% %}` (Jinja's tag rules): the end delimiter is only recognised while no
    // bracket is open, so `{{ {'a': {'b': 1}} }}` works. Returns false after an error token.
    private bool LexTag(ref int pos, bool isBlock)
    {
        _inOutputTag = !isBlock;
        _brackets.Clear();
        while (pos < _end)
        {
            var c = _text[pos];
            if (_brackets.Count == 0 && TryTagEnd(ref pos, isBlock)) return true;

            if (IsSpace(c))
            {
                pos = SkipSpace(pos);
                continue;
            }

            var next = ScanFloat(pos);
            if (next > 0)
            {
                Add(TokenKind.Float, pos, next - pos);
                pos = next;
                continue;
            }

            next = ScanInteger(pos);
            if (next > 0)
            {
                Add(TokenKind.Integer, pos, next - pos);
                pos = next;
                continue;
            }

            if (IsNameStart(c))
            {
                next = pos + 1;
                while (next < _end && IsNamePart(_text[next])) next++;
                Add(TokenKind.Name, pos, next - pos, Name(pos, next - pos));
                pos = next;
                continue;
            }

            if (c is '\'' or '"')
            {
                if (!LexString(ref pos)) return false;
                continue;
            }

            if (!LexOperator(ref pos)) return false;
        }

        return true;
    }

    private bool TryTagEnd(ref int pos, bool isBlock)
    {
        if (isBlock)
        {
            if (At(pos, "+%}")) return EndTag(TokenKind.BlockEnd, pos, 3, pos + 3, ref pos);
            if (At(pos, "-%}")) return EndTag(TokenKind.BlockEnd, pos, 3, SkipSpace(pos + 3), ref pos);
            if (At(pos, "%}")) return EndTag(TokenKind.BlockEnd, pos, 2, SkipOneNewline(pos + 2), ref pos);
            return false;
        }

        if (At(pos, "-}}")) return EndTag(TokenKind.VariableEnd, pos, 3, SkipSpace(pos + 3), ref pos);
        if (At(pos, "}}")) return EndTag(TokenKind.VariableEnd, pos, 2, pos + 2, ref pos);
        return false;
    }

    private bool EndTag(TokenKind kind, int start, int length, int after, ref int pos)
    {
        Add(kind, start, length);
        pos = after;
        SetLineStarting(after);
        return true;
    }

    // Jinja's float_re: (?<!\.) digits (("." digits)? e[+-]? digits | "." digits), digits = (\d+_)*\d+.
    private int ScanFloat(int pos)
    {
        if (pos > 0 && _text[pos - 1] == '.') return -1;
        var whole = ScanDigits(pos);
        if (whole < 0) return -1;
        var fraction = whole < _end && _text[whole] == '.' ? ScanDigits(whole + 1) : -1;
        if (fraction > 0 && ScanExponent(fraction) is var withFraction and > 0) return withFraction;
        if (ScanExponent(whole) is var withoutFraction and > 0) return withoutFraction;
        return fraction;
    }

    private int ScanExponent(int pos)
    {
        if (pos >= _end || _text[pos] is not ('e' or 'E')) return -1;
        pos++;
        if (pos < _end && _text[pos] is '+' or '-') pos++;
        return ScanDigits(pos);
    }

    // (\d+_)*\d+ : digit runs joined by single underscores, as Python's regex engine matches it.
    private int ScanDigits(int pos)
    {
        if (pos >= _end || !char.IsAsciiDigit(_text[pos])) return -1;
        while (pos < _end && char.IsAsciiDigit(_text[pos])) pos++;
        while (pos + 1 < _end && _text[pos] == '_' && char.IsAsciiDigit(_text[pos + 1]))
        {
            pos++;
            while (pos < _end && char.IsAsciiDigit(_text[pos])) pos++;
        }

        return pos;
    }

    // Jinja's integer_re, alternatives in its order: 0b, 0o, 0x (each `(_?digit)+`), [1-9](_?\d)*, 0(_?0)*.
    private int ScanInteger(int pos)
    {
        var c = _text[pos];
        if (c == '0' && pos + 1 < _end)
        {
            Func<char, bool>? digit = _text[pos + 1] switch
            {
                'b' or 'B' => static d => d is '0' or '1',
                'o' or 'O' => static d => d is >= '0' and <= '7',
                'x' or 'X' => char.IsAsciiHexDigit,
                _ => null,
            };
            if (digit is not null && ScanRun(pos + 2, digit) is var prefixed and > 0) return prefixed;
        }

        if (c is >= '1' and <= '9') return ScanRun(pos + 1, char.IsAsciiDigit, allowEmpty: true);
        if (c == '0') return ScanRun(pos + 1, static d => d == '0', allowEmpty: true);
        return -1;
    }

    // (_?digit)+ or, with allowEmpty, (_?digit)*.
    private int ScanRun(int pos, Func<char, bool> digit, bool allowEmpty = false)
    {
        var start = pos;
        while (true)
        {
            var p = pos < _end && _text[pos] == '_' ? pos + 1 : pos;
            if (p < _end && digit(_text[p])) pos = p + 1;
            else break;
        }

        return pos > start || allowEmpty ? pos : -1;
    }

    // The parser compares keywords by value; sharing their strings saves an allocation per keyword.
    private static readonly string[] Keywords =
        ["if", "elif", "else", "endif", "for", "in", "endfor", "set", "endset", "is", "not", "and", "or", "true", "false", "none", "loop", "recursive"];

    private string Name(int start, int length)
    {
        var text = _text.AsSpan(start, length);
        foreach (var keyword in Keywords)
        {
            if (text.SequenceEqual(keyword)) return keyword;
        }

        return text.ToString();
    }

    // Jinja's names are Python identifiers (jinja2/_identifier.py); digits never start one because
    // the number rules come first.
    private static bool IsNameStart(char c) => c == '_' || char.IsLetter(c);

    private static bool IsNamePart(char c) =>
        c == '_' || char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation;

    // Jinja's string_re: a quote, then any characters with backslash escapes, then the same quote.
    private bool LexString(ref int pos)
    {
        var quote = _text[pos];
        var p = pos + 1;
        while (p < _end && _text[p] != quote)
        {
            p += _text[p] == '\\' ? 2 : 1;
        }

        if (p >= _end)
        {
            AddError(pos, 1, ErrorMessages.UnclosedString);
            return false;
        }

        var body = _text.AsSpan(pos + 1, p - pos - 1);
        if (_options.DoubleBackslashesInOutput && _inOutputTag && body.Contains('\\'))
        {
            body = body.ToString().Replace("\\", "\\\\", StringComparison.Ordinal).AsSpan();
        }

        if (!StringLiteralDecoder.TryDecode(body, out var value, out var error, out var errorOffset))
        {
            AddError(pos + 1 + errorOffset, 1, error);
            return false;
        }

        Add(TokenKind.String, pos, p + 1 - pos, value);
        pos = p + 1;
        return true;
    }

    private bool LexOperator(ref int pos)
    {
        var c = _text[pos];
        var two = pos + 1 < _end ? _text[pos + 1] : '\0';
        var (kind, length) = (c, two) switch
        {
            ('/', '/') => (TokenKind.FloorDiv, 2),
            ('*', '*') => (TokenKind.Pow, 2),
            ('=', '=') => (TokenKind.Eq, 2),
            ('!', '=') => (TokenKind.Ne, 2),
            ('>', '=') => (TokenKind.GtEq, 2),
            ('<', '=') => (TokenKind.LtEq, 2),
            ('+', _) => (TokenKind.Add, 1),
            ('-', _) => (TokenKind.Sub, 1),
            ('/', _) => (TokenKind.Div, 1),
            ('*', _) => (TokenKind.Mul, 1),
            ('%', _) => (TokenKind.Mod, 1),
            ('~', _) => (TokenKind.Tilde, 1),
            ('[', _) => (TokenKind.LBracket, 1),
            (']', _) => (TokenKind.RBracket, 1),
            ('(', _) => (TokenKind.LParen, 1),
            (')', _) => (TokenKind.RParen, 1),
            ('{', _) => (TokenKind.LBrace, 1),
            ('}', _) => (TokenKind.RBrace, 1),
            ('>', _) => (TokenKind.Gt, 1),
            ('<', _) => (TokenKind.Lt, 1),
            ('=', _) => (TokenKind.Assign, 1),
            ('.', _) => (TokenKind.Dot, 1),
            (':', _) => (TokenKind.Colon, 1),
            ('|', _) => (TokenKind.Pipe, 1),
            (',', _) => (TokenKind.Comma, 1),
            (';', _) => (TokenKind.Semicolon, 1),
            _ => (TokenKind.Error, 0),
        };

        if (kind == TokenKind.Error)
        {
            var width = char.IsHighSurrogate(c) && two != '\0' && char.IsLowSurrogate(two) ? 2 : 1;
            AddError(pos, width, string.Format(CultureInfo.InvariantCulture, ErrorMessages.UnexpectedCharacter, _text.Substring(pos, width)));
            return false;
        }

        if (!Balance(c, pos)) return false;
        Add(kind, pos, length);
        pos += length;
        return true;
    }

    // Jinja's balancing_stack: brackets must close in order.
    private bool Balance(char c, int pos)
    {
        switch (c)
        {
            case '{':
                _brackets.Add('}');
                return true;
            case '(':
                _brackets.Add(')');
                return true;
            case '[':
                _brackets.Add(']');
                return true;
            case '}' or ')' or ']':
                if (_brackets.Count == 0)
                {
                    AddError(pos, 1, string.Format(CultureInfo.InvariantCulture, ErrorMessages.UnmatchedClosingBracket, c));
                    return false;
                }

                var expected = _brackets[^1];
                _brackets.RemoveAt(_brackets.Count - 1);
                if (expected == c) return true;
                AddError(pos, 1, string.Format(CultureInfo.InvariantCulture, ErrorMessages.MismatchedClosingBracket, c, expected));
                return false;
            default:
                return true;
        }
    }
}
