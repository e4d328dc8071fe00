using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace VarTrace.Core.Jinja.Evaluation.Filters;

/// <summary>Python 3.11's number parsing and rounding, as the <c>int</c>, <c>float</c> and <c>round</c> filters use them.</summary>
internal static partial class PythonNumbers
{
    /// <summary>CPython 3.11's <c>sys.int_info.default_max_str_digits</c>.</summary>
    private const int MaxStrDigits = 4300;

    /// <summary>
    /// Python's <c>int(text, base)</c>: surrounding white space, a sign, an optional <c>0x</c>/<c>0o</c>/<c>0b</c>
    /// prefix matching the base (any prefix with base 0), single underscores between digits. Null where
    /// Python raises <c>ValueError</c>.
    /// </summary>
    public static BigInteger? ParseInt(string text, BigInteger requestedBase)
    {
        if (requestedBase != 0 && (requestedBase < 2 || requestedBase > 36)) return null;
        var @base = (int)requestedBase;
        var s = Strip(text);
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        var prefixed = false;
        if (s.Length >= 2 && s[0] == '0' && char.ToLowerInvariant(s[1]) is 'x' or 'o' or 'b')
        {
            var prefixBase = char.ToLowerInvariant(s[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            if (@base == 0 || @base == prefixBase)
            {
                @base = prefixBase;
                s = s[2..];
                prefixed = true;
            }
        }

        if (@base == 0)
        {
            // Base 0 reads a decimal literal: no leading zeros except for zero itself.
            @base = 10;
            if (s.Length > 1 && s[0] == '0' && s.Replace("_", string.Empty, StringComparison.Ordinal).Trim('0').Length > 0) return null;
        }

        if (prefixed && s.StartsWith('_')) s = s[1..];
        if (s.Length == 0 || s[0] == '_' || s[^1] == '_' || s.Contains("__", StringComparison.Ordinal)) return null;
        BigInteger value = 0;
        var digits = 0;
        foreach (var c in s)
        {
            if (c == '_') continue;
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? char.ToLowerInvariant(c) - 'a' + 10 : CharUnicodeInfo.GetDecimalDigitValue(c);
            if (digit < 0 || digit >= @base) return null;
            value = (value * @base) + digit;
            digits++;
        }

        // Non-power-of-two bases are limited to 4300 digits in Python 3.11.
        if (digits > MaxStrDigits && (@base & (@base - 1)) != 0) return null;
        return negative ? -value : value;
    }

    /// <summary>Python's <c>float(text)</c>: white space, a sign, <c>inf</c>/<c>infinity</c>/<c>nan</c>, underscores between digits. Null on <c>ValueError</c>.</summary>
    public static double? ParseFloat(string text)
    {
        var s = Strip(text);
        var match = FloatPattern().Match(s);
        if (!match.Success) return null;
        var negative = s.StartsWith('-');
        if (match.Groups["special"].Success)
        {
            var special = match.Groups["special"].Value.ToLowerInvariant();
            var value = special == "nan" ? double.NaN : double.PositiveInfinity;
            return negative ? -value : value;
        }

        return double.Parse(s.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Python's <c>round(int, ndigits)</c>: an int, half to even at a negative digit count.</summary>
    public static BigInteger RoundInt(BigInteger value, BigInteger digits)
    {
        if (digits >= 0) return value;
        if (-digits > 10_000) return BigInteger.Zero;
        var power = BigInteger.Pow(10, (int)-digits);
        var quotient = BigInteger.DivRem(value, power, out var remainder);
        if (remainder.Sign < 0)
        {
            quotient -= 1;
            remainder += power;
        }

        var twice = remainder * 2;
        if (twice > power || (twice == power && !quotient.IsEven)) quotient += 1;
        return quotient * power;
    }

    /// <summary>
    /// Python's <c>round(float, ndigits)</c>: the exact binary value rounded half to even at the decimal
    /// digit, then converted back correctly rounded (so <c>round(2.675, 2)</c> is 2.67).
    /// </summary>
    public static double RoundFloat(double value, BigInteger digits)
    {
        if (!double.IsFinite(value) || value == 0) return value;
        if (digits > 400) return value;
        if (digits < -400) return Math.CopySign(0.0, value);
        var n = (int)digits;
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var mantissa = new BigInteger(bits & 0xFFFFFFFFFFFFFL);
        int exponent;
        if (exponentBits == 0)
        {
            exponent = -1074;
        }
        else
        {
            mantissa += BigInteger.One << 52;
            exponent = exponentBits - 1075;
        }

        // |value| * 10**n = numerator / denominator exactly.
        var numerator = mantissa;
        var denominator = BigInteger.One;
        if (exponent >= 0) numerator <<= exponent;
        else denominator <<= -exponent;
        if (n >= 0) numerator *= BigInteger.Pow(10, n);
        else denominator *= BigInteger.Pow(10, -n);
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var twice = remainder * 2;
        if (twice > denominator || (twice == denominator && !quotient.IsEven)) quotient += 1;
        if (quotient.IsZero) return Math.CopySign(0.0, value);
        var result = double.Parse($"{quotient.ToString(CultureInfo.InvariantCulture)}E{(-n).ToString(CultureInfo.InvariantCulture)}", NumberStyles.Float, CultureInfo.InvariantCulture);
        return value < 0 ? -result : result;
    }

    /// <summary>Python's <c>str.strip()</c> of white space.</summary>
    private static string Strip(string text) => PythonMethods.Strip(text, null);

    [GeneratedRegex(@"^[+-]?(?:(?<special>inf|infinity|nan)|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
