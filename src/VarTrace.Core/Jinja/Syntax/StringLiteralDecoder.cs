using System.Globalization;
using System.Text;

namespace VarTrace.Core.Jinja.Syntax;

/// <summary>
/// Decodes the inside of a Jinja string literal the way jinja2/lexer.py does: line breaks normalised
/// to <c>\n</c>, then <c>.encode("ascii", "backslashreplace").decode("unicode-escape")</c>. So the
/// escapes are Python's (<c>\n \t \\ \' \" \a \b \f \v \r</c>, octal, <c>\x</c>, <c>\u</c>, <c>\U</c>,
/// backslash-newline as a line continuation), an unknown escape such as <c>\d</c> stays as written,
/// and a backslash before a non-ASCII character yields the backslash and that character's
/// <c>xNN</c>/<c>uNNNN</c> spelling, a quirk of the round trip that is reproduced here.
/// </summary>
internal static class StringLiteralDecoder
{
    public static bool TryDecode(ReadOnlySpan<char> body, out string value, out string error, out int errorOffset)
    {
        error = "";
        errorOffset = 0;
        if (body.IndexOfAny('\\', '\r') < 0)
        {
            value = body.ToString();
            return true;
        }

        var builder = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '\r')
            {
                builder.Append('\n');
                if (i + 1 < body.Length && body[i + 1] == '\n') i++;
                continue;
            }

            if (c != '\\' || i + 1 >= body.Length)
            {
                builder.Append(c);
                continue;
            }

            var start = i;
            var e = body[++i];
            switch (e)
            {
                case '\n':
                    break;
                case '\r':
                    if (i + 1 < body.Length && body[i + 1] == '\n') i++;
                    break;
                case '\\' or '\'' or '"':
                    builder.Append(e);
                    break;
                case 'a': builder.Append('\a'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'v': builder.Append('\v'); break;
                case >= '0' and <= '7':
                    var octal = e - '0';
                    for (var n = 0; n < 2 && i + 1 < body.Length && body[i + 1] is >= '0' and <= '7'; n++)
                    {
                        octal = (octal * 8) + (body[++i] - '0');
                    }

                    builder.Append((char)octal);
                    break;
                case 'x' or 'u' or 'U':
                    var digits = e switch { 'x' => 2, 'u' => 4, _ => 8 };
                    if (i + digits >= body.Length || !IsHex(body.Slice(i + 1, digits)))
                    {
                        return Fail(body, start, Math.Min(body.Length, i + 1 + digits), out value, out error, out errorOffset);
                    }

                    var code = int.Parse(body.Slice(i + 1, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    if (code is > 0x10FFFF or < 0)
                    {
                        return Fail(body, start, i + 1 + digits, out value, out error, out errorOffset);
                    }

                    // Python allows lone surrogates from \u escapes; .NET strings can hold them too.
                    if (code < 0x10000) builder.Append((char)code);
                    else builder.Append(char.ConvertFromUtf32(code));
                    i += digits;
                    break;
                case 'N':
                    value = "";
                    error = ErrorMessages.UnsupportedNamedEscape;
                    errorOffset = start;
                    return false;
                case > '\x7f':
                    // backslashreplace turned the character into \xNN, \uNNNN or \UNNNNNNNN, and the
                    // original backslash then escaped the first backslash of that spelling.
                    var scalar = char.IsHighSurrogate(e) && i + 1 < body.Length && char.IsLowSurrogate(body[i + 1])
                        ? char.ConvertToUtf32(e, body[++i])
                        : e;
                    builder.Append('\\').Append(scalar switch
                    {
                        <= 0xFF => $"x{scalar:x2}",
                        <= 0xFFFF => $"u{scalar:x4}",
                        _ => $"U{scalar:x8}",
                    });
                    break;
                default:
                    builder.Append('\\').Append(e);
                    break;
            }
        }

        value = builder.ToString();
        return true;
    }

    private static bool IsHex(ReadOnlySpan<char> digits)
    {
        foreach (var d in digits)
        {
            if (!char.IsAsciiHexDigit(d)) return false;
        }

        return true;
    }

    private static bool Fail(ReadOnlySpan<char> body, int start, int end, out string value, out string error, out int errorOffset)
    {
        value = "";
        error = string.Format(CultureInfo.InvariantCulture, ErrorMessages.InvalidEscape, body[start..end].ToString());
        errorOffset = start;
        return false;
    }
}
