using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Numerics;
using System.Text;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation;

/// <summary>
/// The Python 3.11 methods of str, dict and list that Ansible templates commonly call, for
/// <see cref="PythonOps.CallMethod"/>. The receiver and arguments are known and defined when these run.
/// </summary>
internal static class PythonMethods
{
    /// <summary>Every method of Python 3.11's <c>str</c> (what <c>dir(str)</c> lists, dunders aside).</summary>
    public static readonly FrozenSet<string> StrMethods = FrozenSet.Create(StringComparer.Ordinal,
        "capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find", "format", "format_map",
        "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric",
        "isprintable", "isspace", "istitle", "isupper", "join", "ljust", "lower", "lstrip", "maketrans", "partition",
        "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split",
        "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill");

    /// <summary>Every method of <c>dict</c>.</summary>
    public static readonly FrozenSet<string> DictMethods = FrozenSet.Create(StringComparer.Ordinal,
        "clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values");

    /// <summary>Every method of <c>list</c>.</summary>
    public static readonly FrozenSet<string> ListMethods = FrozenSet.Create(StringComparer.Ordinal,
        "append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort");

    /// <summary>Every method of <c>int</c>.</summary>
    public static readonly FrozenSet<string> IntMethods = FrozenSet.Create(StringComparer.Ordinal,
        "as_integer_ratio", "bit_count", "bit_length", "conjugate", "from_bytes", "to_bytes");

    /// <summary>Every method of <c>float</c>.</summary>
    public static readonly FrozenSet<string> FloatMethods = FrozenSet.Create(StringComparer.Ordinal,
        "as_integer_ratio", "conjugate", "fromhex", "hex", "is_integer");

    /// <summary>Runs <c>obj.name(*args, **kwargs)</c>; <paramref name="name"/> is a method of the receiver's type.</summary>
    public static AnsibleValue Call(AnsibleValue obj, string name, ImmutableArray<AnsibleValue> args, ImmutableDictionary<string, AnsibleValue> kwargs)
    {
        var call = new MethodArgs($"{obj.PythonType}.{name}", args, kwargs);
        return obj switch
        {
            AnsibleString s => CallStr(s.Value, name, call),
            AnsibleDict d => CallDict(d, name, call),
            AnsibleList l => CallList(l, name, call),
            AnsibleInt or AnsibleBool => CallInt(PythonOps.IntOf(obj), name, call),
            _ => throw NotModelled(call),
        };
    }

    private static AnsibleValue CallStr(string s, string name, MethodArgs call)
    {
        switch (name)
        {
            case "split":
            case "rsplit":
            {
                call.Arity(0, 2, "sep", "maxsplit");
                var sep = call.Get(0, "sep");
                var max = call.Get(1, "maxsplit") is { } m ? call.Int(m) : -1;
                var separator = sep is null or AnsibleNull ? null : call.Str(sep, "sep");
                if (separator is { Length: 0 }) throw new TemplateError("empty separator");
                var parts = name == "split" ? Split(s, separator, max) : RSplit(s, separator, max);
                return new AnsibleList([.. parts.Select(p => (AnsibleValue)new AnsibleString(p))]);
            }

            case "join":
            {
                call.Arity(1, 1);
                var items = PythonOps.ToIterable(call.Args[0]);
                if (items is null) return PythonOps.Unknown(call.Args[0]);
                return Join(s, items.Value);
            }

            case "strip":
            case "lstrip":
            case "rstrip":
            {
                call.Arity(0, 1);
                var chars = call.Get(0, null);
                if (chars is not (null or AnsibleNull or AnsibleString)) throw new TemplateError($"{name} arg must be None or str");
                var set = (chars as AnsibleString)?.Value;
                return new AnsibleString(Strip(s, set, left: name != "rstrip", right: name != "lstrip"));
            }

            case "lower":
                call.Arity(0, 0);
                return new AnsibleString(s.ToLowerInvariant());
            case "upper":
                call.Arity(0, 0);
                return new AnsibleString(s.ToUpperInvariant());
            case "capitalize":
                call.Arity(0, 0);
                return new AnsibleString(Capitalize(s));
            case "title":
                call.Arity(0, 0);
                return new AnsibleString(Title(s));
            case "isdigit":
                call.Arity(0, 0);
                return AnsibleBool.Of(s.Length > 0 && s.EnumerateRunes().All(r => Rune.IsDigit(r) || IsDigitLike(r)));
            case "splitlines":
            {
                call.Arity(0, 1, "keepends");
                var keep = call.Get(0, "keepends") is { } k && PythonOps.Truthy(k) == true;
                return new AnsibleList([.. SplitLines(s, keep).Select(p => (AnsibleValue)new AnsibleString(p))]);
            }

            case "startswith":
            case "endswith":
            {
                call.Arity(1, 3);
                var (text, _) = Window(s, call);
                var prefixes = call.Args[0] switch
                {
                    AnsibleString p => [p.Value],
                    AnsibleList list when list.Items.All(i => i is AnsibleString) => list.Items.Select(i => ((AnsibleString)i).Value).ToArray(),
                    var other => throw new TemplateError($"{name} first arg must be str or a tuple of str, not {other.PythonType}"),
                };
                return AnsibleBool.Of(text is not null && prefixes.Any(p => name == "startswith"
                    ? text.StartsWith(p, StringComparison.Ordinal)
                    : text.EndsWith(p, StringComparison.Ordinal)));
            }

            case "replace":
            {
                call.Arity(2, 3);
                var old = call.Str(call.Args[0], "old");
                var replacement = call.Str(call.Args[1], "new");
                var count = call.Args.Length > 2 ? call.Int(call.Args[2]) : -1;
                return new AnsibleString(Replace(s, old, replacement, count));
            }

            case "format":
                return new AnsibleString(PythonFormat.Format(s, call.Args, call.Kwargs));
            case "find":
            case "rfind":
            case "index":
            case "rindex":
            case "count":
            {
                call.Arity(1, 3);
                var sub = call.Str(call.Args[0], "sub");
                var (text, offset) = Window(s, call);
                if (name != "count")
                {
                    var index = text is null ? -1
                        : name is "find" or "index" ? text.IndexOf(sub, StringComparison.Ordinal) : text.LastIndexOf(sub, StringComparison.Ordinal);
                    if (index < 0 && name is "index" or "rindex") throw new TemplateError("substring not found");
                    return AnsibleInt.Of(index < 0 ? -1 : offset + PythonOps.CodePointCount(text![..index]));
                }

                if (text is null) return AnsibleInt.Of(0);
                return AnsibleInt.Of(sub.Length == 0 ? PythonOps.CodePointCount(text) + 1 : CountOccurrences(text, sub));
            }

            case "swapcase":
                call.Arity(0, 0);
                return new AnsibleString(string.Concat(s.Select(static c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.IsLower(c) ? char.ToUpperInvariant(c) : c)));
            case "partition":
            case "rpartition":
            {
                call.Arity(1, 1);
                var separator = call.Str(call.Args[0], "sep");
                if (separator.Length == 0) throw new TemplateError("empty separator");
                var at = name == "partition" ? s.IndexOf(separator, StringComparison.Ordinal) : s.LastIndexOf(separator, StringComparison.Ordinal);
                (string, string, string) parts = at >= 0 ? (s[..at], separator, s[(at + separator.Length)..])
                    : name == "partition" ? (s, string.Empty, string.Empty) : (string.Empty, string.Empty, s);
                return new AnsibleList([new AnsibleString(parts.Item1), new AnsibleString(parts.Item2), new AnsibleString(parts.Item3)], isTuple: true);
            }

            case "zfill":
            {
                call.Arity(1, 1);
                var width = call.Int(call.Args[0]);
                PythonOps.CheckLength(width);
                var length = PythonOps.CodePointCount(s);
                if (width <= length) return new AnsibleString(s);
                var signed = s.Length > 0 && s[0] is '+' or '-';
                var zeros = new string('0', (int)width - length);
                return new AnsibleString(signed ? s[0] + zeros + s[1..] : zeros + s);
            }

            case "ljust":
            case "rjust":
            case "center":
            {
                call.Arity(1, 2);
                var width = call.Int(call.Args[0]);
                PythonOps.CheckLength(width);
                var fill = call.Args.Length > 1 ? call.Str(call.Args[1], "fillchar") : " ";
                if (PythonOps.CodePointCount(fill) != 1) throw new TemplateError("The fill character must be exactly one character long");
                var margin = (int)Math.Max(0, width - PythonOps.CodePointCount(s));
                var left = name switch
                {
                    "ljust" => 0,
                    "rjust" => margin,

                    // str.center puts the odd character on the left when the width is odd.
                    _ => (margin / 2) + (margin & (int)width & 1),
                };
                return new AnsibleString(string.Concat(Enumerable.Repeat(fill, left)) + s + string.Concat(Enumerable.Repeat(fill, margin - left)));
            }

            case "removeprefix":
            case "removesuffix":
            {
                call.Arity(1, 1);
                var affix = call.Str(call.Args[0], name == "removeprefix" ? "prefix" : "suffix");
                if (name == "removeprefix") return new AnsibleString(affix.Length > 0 && s.StartsWith(affix, StringComparison.Ordinal) ? s[affix.Length..] : s);
                return new AnsibleString(affix.Length > 0 && s.EndsWith(affix, StringComparison.Ordinal) ? s[..^affix.Length] : s);
            }

            case "isalpha":
            case "isalnum":
            case "isspace":
                call.Arity(0, 0);
                return AnsibleBool.Of(s.Length > 0 && s.All(c => name switch
                {
                    "isalpha" => char.IsLetter(c),
                    "isalnum" => char.IsLetterOrDigit(c),
                    _ => PythonOps.IsPythonSpace(c),
                }));
            case "islower":
            case "isupper":
            {
                call.Arity(0, 0);
                var cased = false;
                foreach (var c in s)
                {
                    if (char.IsUpper(c) || char.IsLower(c))
                    {
                        if (char.IsUpper(c) == (name == "islower")) return AnsibleBool.False;
                        cased = true;
                    }
                }

                return AnsibleBool.Of(cased);
            }

            default:
                throw NotModelled(call);
        }
    }

    private static AnsibleValue CallDict(AnsibleDict dict, string name, MethodArgs call)
    {
        switch (name)
        {
            case "items":
                call.Arity(0, 0);
                return new AnsibleList([.. dict.Entries.Select(e => (AnsibleValue)new AnsibleList([e.Key, e.Value], isTuple: true))]);
            case "keys":
                call.Arity(0, 0);
                return new AnsibleList([.. dict.Entries.Select(e => e.Key)]);
            case "values":
                call.Arity(0, 0);
                return new AnsibleList([.. dict.Entries.Select(e => e.Value)]);
            case "get":
            {
                call.Arity(1, 2);
                var key = call.Args[0];
                if (key is AnsibleList or AnsibleDict) throw new TemplateError($"unhashable type: '{key.PythonType}'");
                if (PythonOps.FindKey(dict, key) is { } entry) return entry.Value;
                if (PythonOps.FindUnknown(key) is not null || dict.Entries.Any(e => PythonOps.AsUnknown(e.Key) is not null)) return PythonOps.Unknown(key, dict);
                return call.Args.Length > 1 ? call.Args[1] : AnsibleNull.Instance;
            }

            default:
                throw NotModelled(call);
        }
    }

    private static AnsibleValue CallList(AnsibleList list, string name, MethodArgs call)
    {
        switch (name)
        {
            case "index":
            {
                call.Arity(1, 3);
                var start = call.Args.Length > 1 ? AdjustBound(call.Int(call.Args[1]), list.Items.Length) : 0;
                var stop = call.Args.Length > 2 ? AdjustBound(call.Int(call.Args[2]), list.Items.Length) : list.Items.Length;
                for (var i = start; i < stop; i++)
                {
                    var equal = PythonOps.PyEquals(list.Items[i], call.Args[0]);
                    if (equal == true) return AnsibleInt.Of(i);
                    if (equal is null) return PythonOps.Unknown(list.Items[i], call.Args[0]);
                }

                throw new TemplateError($"{PythonRepr.Repr(call.Args[0])} is not in list");
            }

            case "count":
            {
                call.Arity(1, 1);
                var count = 0;
                foreach (var item in list.Items)
                {
                    var equal = PythonOps.PyEquals(item, call.Args[0]);
                    if (equal is null) return PythonOps.Unknown(item, call.Args[0]);
                    if (equal.Value) count++;
                }

                return AnsibleInt.Of(count);
            }

            default:
                throw NotModelled(call);
        }
    }

    /// <summary><c>sep.join(items)</c>: every item must be a str (<c>sequence item 0: expected str instance, int found</c>).</summary>
    internal static AnsibleValue Join(string separator, ImmutableArray<AnsibleValue> items)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < items.Length; i++)
        {
            if (PythonOps.AsUnknown(items[i]) is { } unknown) return new AnsibleUnknown(unknown.Cause);
            PythonOps.ThrowIfUndefined(items[i]);
            if (items[i] is not AnsibleString item) throw new TemplateError($"sequence item {i}: expected str instance, {items[i].PythonType} found");
            if (i > 0) builder.Append(separator);
            builder.Append(item.Value);
            PythonOps.CheckLength(builder.Length);
        }

        return new AnsibleString(builder.ToString());
    }

    /// <summary>Python's <c>str.split(sep, maxsplit)</c>: runs of white space when <paramref name="separator"/> is null.</summary>
    internal static List<string> Split(string s, string? separator, long maxSplit)
    {
        var parts = new List<string>();
        if (separator is not null)
        {
            var start = 0;
            while (maxSplit < 0 || parts.Count < maxSplit)
            {
                var index = s.IndexOf(separator, start, StringComparison.Ordinal);
                if (index < 0) break;
                parts.Add(s[start..index]);
                start = index + separator.Length;
            }

            parts.Add(s[start..]);
            return parts;
        }

        var i = 0;
        while (true)
        {
            while (i < s.Length && PythonOps.IsPythonSpace(s[i])) i++;
            if (i >= s.Length) break;
            if (maxSplit >= 0 && parts.Count >= maxSplit)
            {
                // The rest keeps its trailing white space.
                parts.Add(s[i..]);
                break;
            }

            var start = i;
            while (i < s.Length && !PythonOps.IsPythonSpace(s[i])) i++;
            parts.Add(s[start..i]);
        }

        return parts;
    }

    private static List<string> RSplit(string s, string? separator, long maxSplit)
    {
        var parts = new List<string>();
        if (separator is not null)
        {
            var end = s.Length;
            while (maxSplit < 0 || parts.Count < maxSplit)
            {
                var index = end - separator.Length < 0 ? -1 : s.LastIndexOf(separator, end - 1, end, StringComparison.Ordinal);
                if (index < 0) break;
                parts.Add(s[(index + separator.Length)..end]);
                end = index;
            }

            parts.Add(s[..end]);
            parts.Reverse();
            return parts;
        }

        var i = s.Length;
        while (true)
        {
            while (i > 0 && PythonOps.IsPythonSpace(s[i - 1])) i--;
            if (i <= 0) break;
            if (maxSplit >= 0 && parts.Count >= maxSplit)
            {
                parts.Add(s[..i]);
                break;
            }

            var end = i;
            while (i > 0 && !PythonOps.IsPythonSpace(s[i - 1])) i--;
            parts.Add(s[i..end]);
        }

        parts.Reverse();
        return parts;
    }

    /// <summary>Python's <c>str.strip(chars)</c> (white space when <paramref name="chars"/> is null).</summary>
    internal static string Strip(string s, string? chars, bool left = true, bool right = true)
    {
        bool Strippable(char c) => chars is null ? PythonOps.IsPythonSpace(c) : chars.Contains(c, StringComparison.Ordinal);
        var start = 0;
        var end = s.Length;
        if (left)
        {
            while (start < end && Strippable(s[start])) start++;
        }

        if (right)
        {
            while (end > start && Strippable(s[end - 1])) end--;
        }

        return s[start..end];
    }

    /// <summary>Python 3.8+'s <c>str.capitalize()</c>: the first character title-cased, the rest lower-cased.</summary>
    internal static string Capitalize(string s) =>
        s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    /// <summary>Python's <c>str.title()</c>: a cased character after a cased one is lowered, else raised (<c>"they're" → "They'Re"</c>).</summary>
    internal static string Title(string s)
    {
        var builder = new StringBuilder(s.Length);
        var previousCased = false;
        foreach (var c in s)
        {
            var cased = char.IsUpper(c) || char.IsLower(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.TitlecaseLetter;
            builder.Append(!cased ? c : previousCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            previousCased = cased;
        }

        return builder.ToString();
    }

    /// <summary>Python's <c>str.splitlines(keepends)</c> with its line boundaries (<c>\n \r \r\n \v \f \x1c-\x1e \x85 \u2028 \u2029</c>).</summary>
    internal static List<string> SplitLines(string s, bool keepEnds)
    {
        var lines = new List<string>();
        var start = 0;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                var end = i;
                i += c == '\r' && i + 1 < s.Length && s[i + 1] == '\n' ? 2 : 1;
                lines.Add(keepEnds ? s[start..i] : s[start..end]);
                start = i;
            }
            else
            {
                i++;
            }
        }

        if (start < s.Length) lines.Add(s[start..]);
        return lines;
    }

    /// <summary>Python's <c>str.replace(old, new, count)</c>; an empty <paramref name="old"/> inserts between every character.</summary>
    internal static string Replace(string s, string old, string replacement, long count)
    {
        if (count == 0) return s;
        if (old.Length == 0)
        {
            var builder = new StringBuilder();
            var done = 0L;
            var runes = s.EnumerateRunes().ToList();
            for (var i = 0; i <= runes.Count; i++)
            {
                if (count < 0 || done < count)
                {
                    builder.Append(replacement);
                    done++;
                }

                if (i < runes.Count) builder.Append(runes[i].ToString());
                PythonOps.CheckLength(builder.Length);
            }

            return builder.ToString();
        }

        if (count < 0)
        {
            var occurrences = CountOccurrences(s, old);
            PythonOps.CheckLength(s.Length + ((long)occurrences * (replacement.Length - old.Length)));
            return s.Replace(old, replacement, StringComparison.Ordinal);
        }

        var result = new StringBuilder();
        var start = 0;
        for (var n = 0L; n < count; n++)
        {
            var index = s.IndexOf(old, start, StringComparison.Ordinal);
            if (index < 0) break;
            result.Append(s, start, index - start).Append(replacement);
            start = index + old.Length;
        }

        return result.Append(s, start, s.Length - start).ToString();
    }

    private static int CountOccurrences(string text, string sub)
    {
        var count = 0;
        var start = 0;
        while ((start = text.IndexOf(sub, start, StringComparison.Ordinal)) >= 0)
        {
            count++;
            start += sub.Length;
        }

        return count;
    }

    /// <summary>Superscript and other digits Python's <c>isdigit</c> accepts (Unicode Digit property) beyond decimal digits.</summary>
    private static bool IsDigitLike(Rune r) => r.Value is 0xB2 or 0xB3 or 0xB9 || (r.Value >= 0x2070 && r.Value <= 0x2079) || (r.Value >= 0x2080 && r.Value <= 0x2089) || (r.Value >= 0x2460 && r.Value <= 0x2468);

    /// <summary>The <c>s[start:end]</c> window of <c>startswith</c>/<c>find</c>/<c>count</c>, and its start; null text when the window is empty past the end.</summary>
    private static (string? Text, int Offset) Window(string s, MethodArgs call)
    {
        if (call.Args.Length < 2 || call.Args[1] is AnsibleNull && call.Args.Length < 3) return (s, 0);
        var runes = s.EnumerateRunes().ToArray();
        var start = call.Args[1] is AnsibleNull ? 0 : AdjustBound(call.Int(call.Args[1]), runes.Length);
        var end = call.Args.Length > 2 && call.Args[2] is not AnsibleNull ? AdjustBound(call.Int(call.Args[2]), runes.Length) : runes.Length;
        if (start > runes.Length || start > end) return (null, start);
        var builder = new StringBuilder();
        for (var i = start; i < end; i++) builder.Append(runes[i].ToString());
        return (builder.ToString(), start);
    }

    private static int AdjustBound(long value, int length)
    {
        if (value < 0) value = Math.Max(0, value + length);
        return (int)Math.Min(value, length);
    }

    private static AnsibleValue CallInt(BigInteger value, string name, MethodArgs call)
    {
        switch (name)
        {
            case "bit_length":
                call.Arity(0, 0);
                return AnsibleInt.Of(value.IsZero ? BigInteger.Zero : new BigInteger(BigInteger.Abs(value).GetBitLength()));
            case "bit_count":
                call.Arity(0, 0);
                return AnsibleInt.Of(BigInteger.PopCount(BigInteger.Abs(value)));
            default:
                throw NotModelled(call);
        }
    }

    private static TemplateError NotModelled(MethodArgs call) =>
        new($"VarTrace does not model the Python method {call.Method}()");

    /// <summary>The arguments of one method call, with Python's arity and type errors.</summary>
    private sealed class MethodArgs(string method, ImmutableArray<AnsibleValue> args, ImmutableDictionary<string, AnsibleValue> kwargs)
    {
        public string Method { get; } = method;

        public ImmutableArray<AnsibleValue> Args { get; } = args;

        public ImmutableDictionary<string, AnsibleValue> Kwargs { get; } = kwargs;

        /// <summary>Checks the positional count and that keywords are among <paramref name="keywords"/>.</summary>
        public void Arity(int min, int max, params string[] keywords)
        {
            foreach (var keyword in Kwargs.Keys)
            {
                if (!keywords.Contains(keyword)) throw new TemplateError($"{Method}() takes no keyword argument '{keyword}'");
            }

            var given = Args.Length + Kwargs.Count;
            if (given < min || Args.Length > max)
            {
                throw new TemplateError(min == max
                    ? $"{Method}() takes exactly {(min == 0 ? "no" : min.ToString(System.Globalization.CultureInfo.InvariantCulture))} argument{(min == 1 ? string.Empty : "s")} ({given} given)"
                    : given < min
                        ? $"{Method}() takes at least {min} argument{(min == 1 ? string.Empty : "s")} ({given} given)"
                        : $"{Method}() takes at most {max} argument{(max == 1 ? string.Empty : "s")} ({given} given)");
            }
        }

        public AnsibleValue? Get(int position, string? keyword) =>
            position < Args.Length ? Args[position] : keyword is not null && Kwargs.TryGetValue(keyword, out var value) ? value : null;

        public string Str(AnsibleValue value, string parameter) => value is AnsibleString s
            ? s.Value
            : throw new TemplateError($"{Method}() argument '{parameter}' must be str, not {value.PythonType}");

        public long Int(AnsibleValue value)
        {
            if (value is not (AnsibleInt or AnsibleBool)) throw new TemplateError($"'{value.PythonType}' object cannot be interpreted as an integer");
            var number = PythonOps.IntOf(value);
            return number > long.MaxValue ? long.MaxValue : number < long.MinValue ? long.MinValue : (long)number;
        }
    }
}
