using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation;

/// <summary>
/// Python 3.11's two string formatting languages over known values: printf-style <c>'%s-%05d' % args</c>
/// (<c>Objects/unicodeobject.c</c>, used by <c>%</c> and Jinja's <c>format</c> filter) and
/// <c>str.format</c> with its format-spec mini-language (<c>format()</c>, <c>'{:>8.2f}'.format(x)</c>).
/// </summary>
internal static class PythonFormat
{
    /// <summary>
    /// <c>format % right</c>. Python takes a tuple as the argument list and anything else as the one
    /// argument; VarTrace has no tuples, so a list counts as the argument list when the format has more
    /// than one conversion (<c>'%s %s' % (a, b)</c>) and as the one argument otherwise (<c>'%s' % [1]</c>).
    /// A dict serves <c>%(name)s</c> conversions.
    /// </summary>
    public static string Percent(string format, AnsibleValue right)
    {
        if (right is AnsibleList list && CountConversions(format) > 1) return PercentCore(format, list.Items, null);
        return PercentCore(format, [right], right as AnsibleDict);
    }

    /// <summary><c>format % tuple(args)</c>, or <c>format % kwargs</c> when <paramref name="mapping"/> is given (Jinja's <c>format</c> filter).</summary>
    public static string PercentCore(string format, ImmutableArray<AnsibleValue> args, AnsibleDict? mapping)
    {
        var output = new StringBuilder(format.Length + 16);
        var next = 0;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i++];
            if (c != '%')
            {
                output.Append(c);
                continue;
            }

            if (i >= format.Length) throw new TemplateError("incomplete format");
            if (format[i] == '%')
            {
                output.Append('%');
                i++;
                continue;
            }

            AnsibleValue? keyed = null;
            if (format[i] == '(')
            {
                if (mapping is null) throw new TemplateError("format requires a mapping");
                var depth = 1;
                var keyStart = ++i;
                while (i < format.Length && depth > 0)
                {
                    if (format[i] == '(') depth++;
                    else if (format[i] == ')') depth--;
                    i++;
                }

                if (depth > 0) throw new TemplateError("incomplete format key");
                var key = format[keyStart..(i - 1)];
                keyed = mapping.Get(key) ?? throw new TemplateError($"'{key}'");
            }

            var spec = new Spec { Align = '>' };
            for (; i < format.Length && format[i] is '-' or '+' or ' ' or '#' or '0'; i++)
            {
                switch (format[i])
                {
                    case '-': spec.Align = '<'; spec.LeftFlag = true; break;
                    case '+': spec.Sign = '+'; break;
                    case ' ': if (spec.Sign != '+') spec.Sign = ' '; break;
                    case '#': spec.Alternate = true; break;
                    default: spec.ZeroFlag = true; break;
                }
            }

            spec.Width = ReadCount(format, ref i, args, ref next, isWidth: true, ref spec);
            if (i < format.Length && format[i] == '.')
            {
                i++;
                spec.Precision = Math.Max(0, ReadCount(format, ref i, args, ref next, isWidth: false, ref spec));
            }

            while (i < format.Length && format[i] is 'h' or 'l' or 'L') i++;
            if (i >= format.Length) throw new TemplateError("incomplete format");
            var type = format[i++];
            AnsibleValue value;
            if (keyed is not null)
            {
                value = keyed;
            }
            else
            {
                if (next >= args.Length) throw new TemplateError("not enough arguments for format string");
                value = args[next++];
            }

            output.Append(Convert(value, type, spec, i - 1));
            PythonOps.CheckLength(output.Length);
        }

        if (mapping is null && next < args.Length) throw new TemplateError("not all arguments converted during string formatting");
        return output.ToString();
    }

    /// <summary>Python's <c>str.format(*args, **kwargs)</c>.</summary>
    public static string Format(string format, ImmutableArray<AnsibleValue> args, ImmutableDictionary<string, AnsibleValue> kwargs)
    {
        var output = new StringBuilder(format.Length + 16);
        var auto = 0;
        bool? manual = null;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i++];
            if (c == '}')
            {
                if (i < format.Length && format[i] == '}')
                {
                    output.Append('}');
                    i++;
                    continue;
                }

                throw new TemplateError("Single '}' encountered in format string");
            }

            if (c != '{')
            {
                output.Append(c);
                continue;
            }

            if (i < format.Length && format[i] == '{')
            {
                output.Append('{');
                i++;
                continue;
            }

            // The field runs to the matching '}' (a spec may nest one level of fields).
            var start = i;
            var depth = 1;
            while (i < format.Length && depth > 0)
            {
                if (format[i] == '{') depth++;
                else if (format[i] == '}') depth--;
                i++;
            }

            if (depth > 0) throw new TemplateError("expected '}' before end of string");
            var field = format[start..(i - 1)];
            var colon = FieldEnd(field, ':');
            var spec = colon < 0 ? string.Empty : field[(colon + 1)..];
            var head = colon < 0 ? field : field[..colon];
            var bang = FieldEnd(head, '!');
            var conversion = bang < 0 ? '\0' : head.Length == bang + 2 ? head[bang + 1] : throw new TemplateError("expected ':' after conversion specifier");
            var name = bang < 0 ? head : head[..bang];
            var value = ResolveField(name, args, kwargs, ref auto, ref manual);
            value = conversion switch
            {
                '\0' => value,
                's' => new AnsibleString(PythonOps.Str(value)),
                'r' or 'a' => new AnsibleString(PythonRepr.Repr(value)),
                _ => throw new TemplateError($"Unknown conversion specifier {conversion}"),
            };
            if (spec.Contains('{', StringComparison.Ordinal)) spec = Format(spec, args, kwargs);
            output.Append(FormatValue(value, spec));
            PythonOps.CheckLength(output.Length);
        }

        return output.ToString();
    }

    /// <summary>Python's <c>format(value, spec)</c>.</summary>
    public static string FormatValue(AnsibleValue value, string specText)
    {
        if (value is AnsibleBool && specText.Length == 0) return PythonOps.Str(value);
        switch (value)
        {
            case AnsibleString s:
            {
                var spec = ParseSpec(specText, '<');
                if (spec.Type is not ('\0' or 's')) throw new TemplateError($"Unknown format code '{spec.Type}' for object of type 'str'");
                if (spec.Sign != '-') throw new TemplateError("Sign not allowed in string format specifier");
                if (spec.Align == '=') throw new TemplateError("'=' alignment not allowed in string format specifier");
                var text = spec.Precision >= 0 && spec.Precision < s.Value.Length ? s.Value[..spec.Precision] : s.Value;
                return Pad(string.Empty, text, spec);
            }

            case AnsibleInt or AnsibleBool:
            {
                var spec = ParseSpec(specText, '>');
                var number = PythonOps.IntOf(value);
                if (spec.Type is 'e' or 'E' or 'f' or 'F' or 'g' or 'G' or '%') return FormatFloat((double)number, spec);
                if (spec.Type is not ('\0' or 'b' or 'c' or 'd' or 'o' or 'x' or 'X' or 'n')) throw new TemplateError($"Unknown format code '{spec.Type}' for object of type 'int'");
                if (spec.Precision >= 0) throw new TemplateError("Precision not allowed in integer format specifier");
                return FormatInt(number, spec);
            }

            case AnsibleFloat f:
            {
                var spec = ParseSpec(specText, '>');
                if (spec.Type is not ('\0' or 'e' or 'E' or 'f' or 'F' or 'g' or 'G' or 'n' or '%')) throw new TemplateError($"Unknown format code '{spec.Type}' for object of type 'float'");
                return FormatFloat(f.Value, spec);
            }

            default:
                if (specText.Length > 0) throw new TemplateError($"unsupported format string passed to {value.PythonType}.__format__");
                return PythonOps.Str(value);
        }
    }

    private static AnsibleValue ResolveField(string name, ImmutableArray<AnsibleValue> args, ImmutableDictionary<string, AnsibleValue> kwargs, ref int auto, ref bool? manual)
    {
        var end = 0;
        while (end < name.Length && name[end] is not ('.' or '[')) end++;
        var first = name[..end];
        AnsibleValue value;
        if (first.Length == 0 || first.All(char.IsAsciiDigit))
        {
            var isManual = first.Length > 0;
            if (manual is { } m && m != isManual)
            {
                throw new TemplateError(isManual
                    ? "cannot switch from automatic field numbering to manual field specification"
                    : "cannot switch from manual field specification to automatic field numbering");
            }

            manual = isManual;
            var index = isManual ? int.Parse(first, CultureInfo.InvariantCulture) : auto++;
            if (index >= args.Length) throw new TemplateError($"Replacement index {index} out of range for positional args tuple");
            value = args[index];
        }
        else
        {
            value = kwargs.TryGetValue(first, out var named) ? named : throw new TemplateError($"'{first}'");
        }

        while (end < name.Length)
        {
            if (name[end] == '.')
            {
                var stop = end + 1;
                while (stop < name.Length && name[stop] is not ('.' or '[')) stop++;
                var attribute = name[(end + 1)..stop];

                // Python's getattr: a dict key is not an attribute.
                throw new TemplateError($"'{value.PythonType}' object has no attribute '{attribute}'");
            }

            var close = name.IndexOf(']', end);
            if (close < 0) throw new TemplateError("Missing ']' in format string");
            var keyText = name[(end + 1)..close];
            AnsibleValue key = keyText.Length > 0 && keyText.All(char.IsAsciiDigit) ? AnsibleInt.Of(BigInteger.Parse(keyText, CultureInfo.InvariantCulture)) : new AnsibleString(keyText);
            var item = PythonOps.GetItem(value, key);
            if (item is AnsibleUndefined) throw new TemplateError(key is AnsibleString ? $"'{keyText}'" : (value is AnsibleList ? "list index out of range" : keyText));
            value = item;
            end = close + 1;
        }

        return value;
    }

    /// <summary>The index of <paramref name="mark"/> outside brackets in a replacement field, or -1.</summary>
    private static int FieldEnd(string field, char mark)
    {
        var inBracket = false;
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '[') inBracket = true;
            else if (field[i] == ']') inBracket = false;
            else if (field[i] == mark && !inBracket) return i;
        }

        return -1;
    }

    private static int CountConversions(string format)
    {
        var count = 0;
        for (var i = 0; i < format.Length - 1; i++)
        {
            if (format[i] != '%') continue;
            if (format[i + 1] == '%')
            {
                i++;
                continue;
            }

            count++;
        }

        return count;
    }

    private static int ReadCount(string format, ref int i, ImmutableArray<AnsibleValue> args, ref int next, bool isWidth, ref Spec spec)
    {
        if (i < format.Length && format[i] == '*')
        {
            i++;
            if (next >= args.Length) throw new TemplateError("not enough arguments for format string");
            var arg = args[next++];
            if (arg is not (AnsibleInt or AnsibleBool)) throw new TemplateError("* wants int");
            var n = (int)BigInteger.Clamp(PythonOps.IntOf(arg), -PythonOps.MaxResultLength, PythonOps.MaxResultLength);
            if (isWidth && n < 0)
            {
                spec.Align = '<';
                spec.LeftFlag = true;
                n = -n;
            }

            return n;
        }

        var start = i;
        while (i < format.Length && char.IsAsciiDigit(format[i])) i++;
        if (start == i) return 0;
        var value = BigInteger.Parse(format.AsSpan(start, i - start), CultureInfo.InvariantCulture);
        if (value > PythonOps.MaxResultLength) throw new TemplateError($"result too large: width {value} exceeds VarTrace's limit");
        return (int)value;
    }

    /// <summary>One printf conversion of <paramref name="value"/>.</summary>
    private static string Convert(AnsibleValue value, char type, Spec spec, int index)
    {
        if (spec.ZeroFlag && !spec.LeftFlag && type is not ('s' or 'r' or 'a' or 'c'))
        {
            spec.Fill = '0';
            spec.Align = '=';
        }

        spec.Type = type;
        switch (type)
        {
            case 's' or 'r' or 'a':
            {
                var text = type == 's' ? PythonOps.Str(value) : PythonRepr.Repr(value);
                if (spec.Precision >= 0 && spec.Precision < text.Length) text = text[..spec.Precision];
                return Pad(string.Empty, text, spec);
            }

            case 'd' or 'i' or 'u':
            {
                BigInteger number = value switch
                {
                    AnsibleInt or AnsibleBool => PythonOps.IntOf(value),
                    AnsibleFloat f when double.IsNaN(f.Value) => throw new TemplateError("cannot convert float NaN to integer"),
                    AnsibleFloat f when double.IsInfinity(f.Value) => throw new TemplateError("cannot convert float infinity to integer"),
                    AnsibleFloat f => new BigInteger(Math.Truncate(f.Value)),
                    _ => throw new TemplateError($"%{type} format: a real number is required, not {value.PythonType}"),
                };
                spec.Type = 'd';
                return FormatInt(number, spec);
            }

            case 'x' or 'X' or 'o':
                if (value is not (AnsibleInt or AnsibleBool)) throw new TemplateError($"%{type} format: an integer is required, not {value.PythonType}");
                return FormatInt(PythonOps.IntOf(value), spec);
            case 'e' or 'E' or 'f' or 'F' or 'g' or 'G':
                if (!PythonOps.TryNumber(value, out var n)) throw new TemplateError($"must be real number, not {value.PythonType}");
                return FormatFloat(PythonOps.ToDouble(n), spec);
            case 'c':
                var ch = value switch
                {
                    AnsibleInt or AnsibleBool when PythonOps.IntOf(value) is var code && code >= 0 && code <= 0x10FFFF => char.ConvertFromUtf32((int)code),
                    AnsibleInt or AnsibleBool => throw new TemplateError("%c arg not in range(0x110000)"),
                    AnsibleString { Value.Length: 1 } s => s.Value,
                    _ => throw new TemplateError("%c requires int or char"),
                };
                return Pad(string.Empty, ch, spec);
            default:
                throw new TemplateError($"unsupported format character '{type}' (0x{(int)type:x}) at index {index}");
        }
    }

    /// <summary>The parsed <c>[[fill]align][sign][#][0][width][,|_][.precision][type]</c>.</summary>
    private struct Spec
    {
        public Spec()
        {
        }

        public char Fill { get; set; } = ' ';

        public char Align { get; set; } = '\0';

        public char Sign { get; set; } = '-';

        public bool Alternate { get; set; }

        public bool ZeroFlag { get; set; }

        public bool LeftFlag { get; set; }

        public int Width { get; set; }

        public char Grouping { get; set; }

        public int Precision { get; set; } = -1;

        public char Type { get; set; }
    }

    private static Spec ParseSpec(string text, char defaultAlign)
    {
        var spec = new Spec();
        var i = 0;
        if (text.Length >= 2 && text[1] is '<' or '>' or '^' or '=')
        {
            spec.Fill = text[0];
            spec.Align = text[1];
            i = 2;
        }
        else if (text.Length >= 1 && text[0] is '<' or '>' or '^' or '=')
        {
            spec.Align = text[0];
            i = 1;
        }

        if (i < text.Length && text[i] is '+' or '-' or ' ') spec.Sign = text[i++];
        if (i < text.Length && text[i] == '#')
        {
            spec.Alternate = true;
            i++;
        }

        if (i < text.Length && text[i] == '0')
        {
            if (spec.Align == '\0')
            {
                spec.Fill = '0';
                spec.Align = '=';
            }

            i++;
        }

        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i > start) spec.Width = ParseBounded(text[start..i]);
        if (i < text.Length && text[i] is ',' or '_') spec.Grouping = text[i++];
        if (i < text.Length && text[i] == '.')
        {
            start = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == start) throw new TemplateError("Format specifier missing precision");
            spec.Precision = ParseBounded(text[start..i]);
        }

        if (i < text.Length) spec.Type = text[i++];
        if (i < text.Length) throw new TemplateError("Invalid format specifier");
        if (spec.Align == '\0') spec.Align = defaultAlign;
        return spec;
    }

    private static int ParseBounded(string digits)
    {
        var value = BigInteger.Parse(digits, CultureInfo.InvariantCulture);
        if (value > PythonOps.MaxResultLength) throw new TemplateError($"result too large: {value} exceeds VarTrace's limit");
        return (int)value;
    }

    private static string FormatInt(BigInteger number, Spec spec)
    {
        var abs = BigInteger.Abs(number);
        string digits, prefix = string.Empty;
        switch (spec.Type)
        {
            case 'b':
                digits = abs.IsZero ? "0" : abs.ToString("B", CultureInfo.InvariantCulture).TrimStart('0');
                if (spec.Alternate) prefix = "0b";
                break;
            case 'o':
                digits = ToOctal(abs);
                if (spec.Alternate) prefix = "0o";
                break;
            case 'x' or 'X':
                digits = abs.IsZero ? "0" : abs.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
                if (spec.Type == 'X') digits = digits.ToUpperInvariant();
                if (spec.Alternate) prefix = spec.Type == 'X' ? "0X" : "0x";
                break;
            case 'c':
                if (abs > 0x10FFFF) throw new TemplateError("%c arg not in range(0x110000)");
                return Pad(string.Empty, char.ConvertFromUtf32((int)number), spec);
            default:
                digits = PythonOps.IntStr(abs);
                break;
        }

        // printf's precision on an integer is a minimum digit count.
        if (spec.Precision > digits.Length && spec.Type is 'd' or 'x' or 'X' or 'o') digits = digits.PadLeft(spec.Precision, '0');
        if (spec.Grouping != '\0') digits = Group(digits, spec.Grouping, spec.Type is 'b' or 'o' or 'x' or 'X' ? 4 : 3);
        return Pad(SignOf(number.Sign < 0, spec) + prefix, digits, spec);
    }

    private static string FormatFloat(double value, Spec spec)
    {
        var negative = double.IsNegative(value) && !double.IsNaN(value);
        var abs = Math.Abs(value);
        var upper = spec.Type is 'E' or 'F' or 'G';
        string body;
        if (!double.IsFinite(abs))
        {
            body = double.IsNaN(abs) ? "nan" : "inf";
            if (upper) body = body.ToUpperInvariant();
            if (spec.Type == '%') body += "%";
            if (spec.Align == '=' && spec.Fill == '0') spec.Fill = ' ';
            return Pad(SignOf(negative, spec), body, spec);
        }

        var precision = spec.Precision;
        switch (spec.Type)
        {
            case 'f' or 'F':
                body = Fixed(abs, precision < 0 ? 6 : precision, spec.Alternate);
                break;
            case '%':
                body = Fixed(abs * 100, precision < 0 ? 6 : precision, spec.Alternate) + "%";
                break;
            case 'e' or 'E':
                body = Scientific(abs, precision < 0 ? 6 : precision, spec.Alternate, upper);
                break;
            case 'g' or 'G' or 'n':
                body = General(abs, precision < 0 ? 6 : precision, spec.Alternate, upper, minFraction: false);
                break;
            default:
                body = precision < 0
                    ? PythonOps.FloatRepr(abs)
                    : General(abs, precision, spec.Alternate, upper: false, minFraction: true);
                break;
        }

        if (spec.Grouping != '\0')
        {
            var end = 0;
            while (end < body.Length && char.IsAsciiDigit(body[end])) end++;
            body = Group(body[..end], spec.Grouping, 3) + body[end..];
        }

        return Pad(SignOf(negative, spec), body, spec);
    }

    private static string Fixed(double abs, int precision, bool alternate)
    {
        var text = abs.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return alternate && precision == 0 ? text + "." : text;
    }

    private static string Scientific(double abs, int precision, bool alternate, bool upper)
    {
        var (mantissa, exponent) = SplitExponent(abs, precision);
        if (alternate && precision == 0) mantissa += ".";
        return $"{mantissa}{(upper ? 'E' : 'e')}{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):D2}";
    }

    /// <summary>Python's <c>'g'</c>: fixed when <c>-4 &lt;= exp &lt; precision</c>, else scientific; trailing zeros dropped unless <c>#</c>.</summary>
    private static string General(double abs, int precision, bool alternate, bool upper, bool minFraction)
    {
        if (precision == 0) precision = 1;
        var exponent = abs == 0 ? 0 : SplitExponent(abs, precision - 1).Exponent;
        string text;
        if (exponent >= -4 && exponent < precision)
        {
            text = Fixed(abs, precision - 1 - exponent, alternate: false);
            if (!alternate && text.Contains('.', StringComparison.Ordinal)) text = text.TrimEnd('0').TrimEnd('.');
            if (minFraction && !text.Contains('.', StringComparison.Ordinal)) text += ".0";
            if (alternate && !text.Contains('.', StringComparison.Ordinal)) text += ".";
            return text;
        }

        text = Scientific(abs, precision - 1, alternate, upper);
        if (!alternate)
        {
            var e = text.IndexOf(upper ? 'E' : 'e');
            var mantissa = text[..e];
            if (mantissa.Contains('.', StringComparison.Ordinal)) mantissa = mantissa.TrimEnd('0').TrimEnd('.');
            text = mantissa + text[e..];
        }

        return text;
    }

    /// <summary>The mantissa (with <paramref name="precision"/> decimals) and decimal exponent of a finite non-negative number.</summary>
    private static (string Mantissa, int Exponent) SplitExponent(double abs, int precision)
    {
        var text = abs.ToString("E" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = text.IndexOf('E');
        return (text[..e], int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
    }

    private static string SignOf(bool negative, Spec spec) =>
        negative ? "-" : spec.Sign switch { '+' => "+", ' ' => " ", _ => string.Empty };

    private static string Group(string digits, char separator, int size)
    {
        if (digits.Length <= size) return digits;
        var builder = new StringBuilder(digits.Length + (digits.Length / size));
        var head = digits.Length % size;
        if (head > 0) builder.Append(digits, 0, head);
        for (var i = head; i < digits.Length; i += size)
        {
            if (builder.Length > 0) builder.Append(separator);
            builder.Append(digits, i, size);
        }

        return builder.ToString();
    }

    private static string ToOctal(BigInteger abs)
    {
        if (abs.IsZero) return "0";
        var builder = new StringBuilder();
        while (!abs.IsZero)
        {
            builder.Insert(0, (char)('0' + (int)(abs % 8)));
            abs /= 8;
        }

        return builder.ToString();
    }

    /// <summary>Pads <c>prefix + body</c> to the width; <c>=</c> alignment puts the fill between them.</summary>
    private static string Pad(string prefix, string body, Spec spec)
    {
        var length = prefix.Length + PythonOps.CodePointCount(body);
        if (spec.Width <= length) return prefix + body;
        var padding = spec.Width - length;
        var fill = spec.Fill;
        return spec.Align switch
        {
            '<' => prefix + body + new string(fill, padding),
            '^' => new string(fill, padding / 2) + prefix + body + new string(fill, padding - (padding / 2)),
            '=' => prefix + new string(fill, padding) + body,
            _ => new string(fill, padding) + prefix + body,
        };
    }
}
