using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using VarTrace.Core.Values;

namespace VarTrace.Core.Yaml;

/// <summary>The scalar types PyYAML's resolver and <c>SafeConstructor</c> know.</summary>
internal enum ScalarKind
{
    Str,
    Null,
    Bool,
    Int,
    Float,
    Timestamp,

    /// <summary>A plain <c>&lt;&lt;</c>: only meaningful as a mapping key.</summary>
    Merge,

    /// <summary>A plain <c>=</c> (YAML 1.1's value key): a string as a mapping key, an error elsewhere.</summary>
    Value,
}

/// <summary>
/// YAML 1.1 implicit typing and scalar construction exactly as PyYAML 6 does it: the regular
/// expressions are <c>yaml/resolver.py</c>'s (with <c>re.X</c> whitespace removed) and the
/// conversions follow <c>yaml/constructor.py</c>'s <c>SafeConstructor.construct_yaml_*</c>.
/// </summary>
internal static partial class Yaml11ScalarResolver
{
    /// <summary>
    /// The tag PyYAML's <c>Resolver.resolve</c> gives a plain scalar. Like PyYAML, only the resolvers
    /// registered for the first character are tried, in registration order.
    /// </summary>
    public static ScalarKind ResolvePlain(string value)
    {
        if (value.Length == 0) return ScalarKind.Null;
        switch (value[0])
        {
            case 'y' or 'Y' or 't' or 'T' or 'f' or 'F' or 'o' or 'O':
                return BoolPattern().IsMatch(value) ? ScalarKind.Bool : ScalarKind.Str;
            case 'n' or 'N':
                if (BoolPattern().IsMatch(value)) return ScalarKind.Bool;
                return NullPattern().IsMatch(value) ? ScalarKind.Null : ScalarKind.Str;
            case '~':
                return NullPattern().IsMatch(value) ? ScalarKind.Null : ScalarKind.Str;
            case '.':
                return FloatPattern().IsMatch(value) ? ScalarKind.Float : ScalarKind.Str;
            case '-' or '+':
                if (FloatPattern().IsMatch(value)) return ScalarKind.Float;
                return IntPattern().IsMatch(value) ? ScalarKind.Int : ScalarKind.Str;
            case >= '0' and <= '9':
                if (FloatPattern().IsMatch(value)) return ScalarKind.Float;
                if (IntPattern().IsMatch(value)) return ScalarKind.Int;
                return TimestampPattern().IsMatch(value) ? ScalarKind.Timestamp : ScalarKind.Str;
            case '<':
                return value == "<<" || value == "<<\n" ? ScalarKind.Merge : ScalarKind.Str;
            case '=':
                return value == "=" || value == "=\n" ? ScalarKind.Value : ScalarKind.Str;
            default:
                return ScalarKind.Str;
        }
    }

    /// <summary>
    /// Builds the Python object for a scalar of a known kind, or returns an error sentence where
    /// PyYAML's constructor raises (<c>!!int abc</c>, <c>2001-02-30</c>, <c>0b_</c>).
    /// </summary>
    public static AnsibleValue? TryConstruct(ScalarKind kind, string value, out string? error)
    {
        error = null;
        switch (kind)
        {
            case ScalarKind.Null:
                return AnsibleNull.Instance;
            case ScalarKind.Bool:
                return ConstructBool(value, out error);
            case ScalarKind.Int:
                return ConstructInt(value, out error);
            case ScalarKind.Float:
                return ConstructFloat(value, out error);
            case ScalarKind.Timestamp:
                return ConstructTimestamp(value, out error);
            default:
                return value.Length == 0 ? AnsibleString.Empty : new AnsibleString(value);
        }
    }

    // construct_yaml_bool: bool_values[value.lower()], a KeyError for anything else.
    private static AnsibleBool? ConstructBool(string value, out string? error)
    {
        error = null;
        switch (value.ToLowerInvariant())
        {
            case "yes" or "true" or "on":
                return AnsibleBool.True;
            case "no" or "false" or "off":
                return AnsibleBool.False;
            default:
                error = $"`{value}` is not a YAML boolean";
                return null;
        }
    }

    // construct_yaml_int: drop '_', take the sign, then 0 / 0b / 0x / leading-0 octal / a:b:c base 60 / decimal.
    private static AnsibleInt? ConstructInt(string text, out string? error)
    {
        error = null;
        var value = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (value.Length == 0) return IntError(text, out error);
        var sign = value[0] == '-' ? -1 : 1;
        if (value[0] is '+' or '-') value = value[1..];

        BigInteger? result;
        if (value == "0") result = BigInteger.Zero;
        else if (value.StartsWith("0b", StringComparison.Ordinal)) result = PythonInt(value[2..], 2);
        else if (value.StartsWith("0x", StringComparison.Ordinal)) result = PythonInt(value[2..], 16);
        else if (value.StartsWith('0')) result = PythonInt(value, 8);
        else if (value.Contains(':', StringComparison.Ordinal)) result = Sexagesimal(value);
        else result = PythonInt(value, 10);

        return result is { } number ? AnsibleInt.Of(sign * number) : IntError(text, out error);
    }

    private static AnsibleInt? IntError(string text, out string? error)
    {
        error = $"`{text}` is not a YAML integer";
        return null;
    }

    private static BigInteger? Sexagesimal(string value)
    {
        // digits.reverse(); value += digit * base; base *= 60
        var total = BigInteger.Zero;
        foreach (var part in value.Split(':'))
        {
            if (PythonInt(part, 10) is not { } digit) return null;
            total = (total * 60) + digit;
        }

        return total;
    }

    /// <summary>
    /// Python's <c>int(text, base)</c> for the inputs PyYAML can pass: surrounding whitespace, one
    /// sign, and the base's own prefix (<c>int('0o17', 8)</c> is 15) are accepted.
    /// </summary>
    private static BigInteger? PythonInt(string text, int radix)
    {
        var span = text.AsSpan().Trim();
        var negative = false;
        if (span.Length > 0 && span[0] is '+' or '-')
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        if (span.Length > 2 && span[0] == '0')
        {
            var prefix = char.ToLowerInvariant(span[1]);
            if ((radix == 2 && prefix == 'b') || (radix == 8 && prefix == 'o') || (radix == 16 && prefix == 'x'))
            {
                span = span[2..];
            }
        }

        if (span.IsEmpty) return null;
        var result = BigInteger.Zero;
        foreach (var c in span)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'z' => c - 'a' + 10,
                >= 'A' and <= 'Z' => c - 'A' + 10,
                _ => int.MaxValue,
            };
            if (digit >= radix) return null;
            result = (result * radix) + digit;
        }

        return negative ? -result : result;
    }

    // construct_yaml_float: drop '_', lower-case, take the sign, then .inf / .nan / a:b:c base 60 / float().
    private static AnsibleFloat? ConstructFloat(string text, out string? error)
    {
        error = null;
        var value = text.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        if (value.Length == 0) return FloatError(text, out error);
        var sign = value[0] == '-' ? -1.0 : 1.0;
        if (value[0] is '+' or '-') value = value[1..];

        if (value == ".inf") return new AnsibleFloat(sign * double.PositiveInfinity);
        if (value == ".nan") return new AnsibleFloat(double.NaN);
        if (value.Contains(':', StringComparison.Ordinal))
        {
            // Summed from the last part up, in the same order as PyYAML, so rounding matches.
            var parts = value.Split(':');
            double total = 0, scale = 1;
            for (var i = parts.Length - 1; i >= 0; i--)
            {
                if (PythonFloat(parts[i]) is not { } digit) return FloatError(text, out error);
                total += digit * scale;
                scale *= 60;
            }

            return new AnsibleFloat(sign * total);
        }

        return PythonFloat(value) is { } number ? new AnsibleFloat(sign * number) : FloatError(text, out error);
    }

    private static AnsibleFloat? FloatError(string text, out string? error)
    {
        error = $"`{text}` is not a YAML float";
        return null;
    }

    /// <summary>Python's <c>float(text)</c> for lower-cased input: decimal forms, <c>inf</c>, <c>infinity</c>, <c>nan</c>.</summary>
    private static double? PythonFloat(string text)
    {
        var span = text.AsSpan().Trim();
        var unsigned = span.Length > 0 && span[0] is '+' or '-' ? span[1..] : span;
        var negative = span.Length > 0 && span[0] == '-';
        if (unsigned is "inf" or "infinity") return negative ? double.NegativeInfinity : double.PositiveInfinity;
        if (unsigned is "nan") return double.NaN;

        // Only digits, '.', 'e' and signs get through to the parser, which with NumberStyles.Float
        // then accepts exactly float()'s decimal grammar ('_' is already gone).
        foreach (var c in unsigned)
        {
            if (c is not ((>= '0' and <= '9') or '.' or 'e' or '+' or '-')) return null;
        }

        return double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var result) ? result : null;
    }

    // construct_yaml_timestamp: a date without a time part, otherwise a datetime; Python's date and
    // datetime constructors reject impossible dates, times and offsets with a ValueError.
    private static AnsibleTimestamp? ConstructTimestamp(string value, out string? error)
    {
        error = null;
        var match = TimestampPartsPattern().Match(value);
        if (!match.Success)
        {
            error = $"`{value}` is not a YAML timestamp";
            return null;
        }

        var year = Number(match, "year");
        var month = Number(match, "month");
        var day = Number(match, "day");
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            error = $"`{value}` is not a valid date";
            return null;
        }

        if (!match.Groups["hour"].Success) return new AnsibleTimestamp(value, hasTime: false);

        var offsetMinutes = match.Groups["tz_sign"].Success
            ? (Number(match, "tz_hour") * 60) + (match.Groups["tz_minute"].Success ? Number(match, "tz_minute") : 0)
            : 0;
        if (Number(match, "hour") > 23 || Number(match, "minute") > 59 || Number(match, "second") > 59 || offsetMinutes >= 24 * 60)
        {
            error = $"`{value}` is not a valid time";
            return null;
        }

        return new AnsibleTimestamp(value, hasTime: true);
    }

    private static int Number(Match match, string group) =>
        int.Parse(match.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    // The patterns below are PyYAML 6.0's, character for character apart from re.X layout. .NET's
    // '$' matches before a final '\n' exactly like Python's, so even that corner agrees.
    [GeneratedRegex("^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$", RegexOptions.CultureInvariant)]
    private static partial Regex BoolPattern();

    [GeneratedRegex(@"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    [GeneratedRegex("^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntPattern();

    [GeneratedRegex("^(?:~|null|Null|NULL|)$", RegexOptions.CultureInvariant)]
    private static partial Regex NullPattern();

    [GeneratedRegex(@"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();

    // SafeConstructor.timestamp_regexp, which splits what the resolver matched (and explicit !!timestamp).
    [GeneratedRegex(@"^(?<year>[0-9][0-9][0-9][0-9])-(?<month>[0-9][0-9]?)-(?<day>[0-9][0-9]?)(?:(?:[Tt]|[ \t]+)(?<hour>[0-9][0-9]?):(?<minute>[0-9][0-9]):(?<second>[0-9][0-9])(?:\.(?<fraction>[0-9]*))?(?:[ \t]*(?<tz>Z|(?<tz_sign>[-+])(?<tz_hour>[0-9][0-9]?)(?::(?<tz_minute>[0-9][0-9]))?))?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPartsPattern();
}
