using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation.Filters;

/// <summary>
/// Jinja2 3.1's built-in filters (<c>jinja2/filters.py</c>) as ansible-core 2.14 exposes them, plus
/// Ansible's replacements of <c>unique</c> (case-insensitive by default). Jinja returns generators from
/// <c>map</c>, <c>select</c>, <c>reverse</c> and friends; VarTrace returns the list that <c>| list</c>
/// would give (Ansible prints <c>&lt;generator object ...&gt;</c> for a bare generator).
/// </summary>
internal static partial class CoreFilters
{
    /// <summary>Jinja's <c>truncate.leeway</c> policy default.</summary>
    private const int TruncateLeeway = 5;

    /// <summary>Registers the filters.</summary>
    public static void Register(FunctionTable table)
    {
        table.Add(Default, FunctionTraits.AcceptsUndefined | FunctionTraits.AcceptsUnknown, "default", "d");
        table.Known(call => new AnsibleString(Soft(call).ToLowerInvariant()), "lower");
        table.Known(call => new AnsibleString(Soft(call).ToUpperInvariant()), "upper");
        table.Known(call => new AnsibleString(PythonMethods.Capitalize(Soft(call))), "capitalize");
        table.Known(Title, "title");
        table.Known(Trim, "trim");
        table.Partial(call => AnsibleInt.Of(PythonOps.Len(call.Input)), "length", "count");
        table.Known(Int, "int");
        table.Known(Float, "float");
        table.Known(call => PythonOps.ToStr(call.Input), "string");
        table.Partial(call => new AnsibleList(FunctionArgs.Items(call, call.Input)), "list");
        table.Partial(First, "first");
        table.Partial(Last, "last");
        table.Known(call => MinMax(call, max: false), "min");
        table.Known(call => MinMax(call, max: true), "max");
        table.Partial(Sum, "sum");
        table.Partial(Join, "join");
        table.Partial(Map, "map");
        table.Partial(call => Select(call, keep: true, byAttribute: false), "select");
        table.Partial(call => Select(call, keep: false, byAttribute: false), "reject");
        table.Partial(call => Select(call, keep: true, byAttribute: true), "selectattr");
        table.Partial(call => Select(call, keep: false, byAttribute: true), "rejectattr");
        table.Known(Unique, "unique");
        table.Known(Sort, "sort");
        table.Partial(Reverse, "reverse");
        table.Known(Replace, "replace");
        table.Known(Abs, "abs");
        table.Known(Round, "round");
        table.Known(call => AnsibleInt.Of(WordPattern().Count(Soft(call))), "wordcount");
        table.Known(Center, "center");
        table.Known(Truncate, "truncate");
        table.Known(Indent, "indent");
        table.Known(Format, "format");
        table.Add(Items, FunctionTraits.AcceptsUndefined, "items");
        table.Partial(Dictsort, "dictsort");
        table.Add(call => new AnsibleUnknown("`random` picks at random"), FunctionTraits.AcceptsUnknown, "random");
    }

    /// <summary>
    /// <c>default(value='', boolean=False)</c>: the fallback when the input is undefined, or falsy with
    /// <c>boolean=true</c>. An unknown input stays unknown (it may or may not be defined), unless it
    /// has possible values that are all defined and truthy enough to decide.
    /// </summary>
    private static AnsibleValue Default(FilterCall call)
    {
        FunctionArgs.Expect(call, "do_default", 2, "default_value", "boolean");
        var fallback = call.Argument(0, "default_value", AnsibleString.Empty)!;
        var boolean = call.Argument(1, "boolean") is { } b && Truth(b);
        if (call.Input is AnsibleUndefined) return fallback;
        if (!boolean) return call.Input;
        return PythonOps.Truthy(call.Input) switch
        {
            true => call.Input,
            false => fallback,
            null => PythonOps.Unknown(call.Input),
        };
    }

    private static bool Truth(AnsibleValue value) => value switch
    {
        AnsibleUndefined undefined => throw PythonOps.UndefinedError(undefined),
        _ => PythonOps.Truthy(value) ?? throw new UnknownResultException(PythonOps.Unknown(value)),
    };

    /// <summary>Jinja's <c>soft_str</c> of the input: <c>str(value)</c>.</summary>
    private static string Soft(FilterCall call) => PythonOps.Str(call.Input);

    /// <summary>Jinja's <c>title</c>: each chunk after <c>[-\s({\[&lt;]+</c> gets its first character upper-cased, the rest lower-cased.</summary>
    private static AnsibleValue Title(FilterCall call)
    {
        var text = Soft(call);
        var builder = new StringBuilder(text.Length);
        foreach (var item in WordBeginningSplit().Split(text))
        {
            if (item.Length == 0) continue;
            builder.Append(item[..1].ToUpperInvariant()).Append(item[1..].ToLowerInvariant());
        }

        return new AnsibleString(builder.ToString());
    }

    private static AnsibleValue Trim(FilterCall call)
    {
        var chars = call.Argument(0, "chars");
        if (chars is not (null or AnsibleNull or AnsibleString)) throw call.Error("strip arg must be None or str");
        return new AnsibleString(PythonMethods.Strip(Soft(call), (chars as AnsibleString)?.Value));
    }

    /// <summary>
    /// <c>int(value, default=0, base=10)</c>: <c>int(str, base)</c>, then <c>int(float(value))</c> (so
    /// <c>'42.23'</c> is 42), else the default. Only an infinite float escapes as an error, as in Python.
    /// </summary>
    private static AnsibleValue Int(FilterCall call)
    {
        FunctionArgs.Expect(call, "do_int", 2, "default", "base");
        var fallback = call.Argument(0, "default", AnsibleInt.Of(0))!;
        var @base = call.Argument(1, "base", AnsibleInt.Of(10))!;
        var value = call.Input;
        if (value is AnsibleString s)
        {
            if (@base is AnsibleInt or AnsibleBool && PythonNumbers.ParseInt(s.Value, PythonOps.IntOf(@base)) is { } parsed) return AnsibleInt.Of(parsed);
            if (PythonNumbers.ParseFloat(s.Value) is { } f) return FloatToInt(call, f) ?? fallback;
            return fallback;
        }

        return value switch
        {
            AnsibleInt => value,
            AnsibleBool b => AnsibleInt.Of(b.Value ? 1 : 0),
            AnsibleFloat f => FloatToInt(call, f.Value) ?? fallback,
            _ => fallback,
        };
    }

    /// <summary>Python's <c>int(float)</c>: NaN is a ValueError (caught by the filter), infinity an OverflowError (not caught).</summary>
    private static AnsibleValue? FloatToInt(FilterCall call, double value)
    {
        if (double.IsNaN(value)) return null;
        if (double.IsInfinity(value)) throw call.Error("cannot convert float infinity to integer");
        return AnsibleInt.Of(new BigInteger(Math.Truncate(value)));
    }

    /// <summary><c>float(value, default=0.0)</c>.</summary>
    private static AnsibleValue Float(FilterCall call)
    {
        var fallback = call.Argument(0, "default", new AnsibleFloat(0.0))!;
        return call.Input switch
        {
            AnsibleFloat => call.Input,
            AnsibleInt i => new AnsibleFloat(PythonOps.ToDouble(new PythonOps.Number(i.Value, 0, false))),
            AnsibleBool b => new AnsibleFloat(b.Value ? 1 : 0),
            AnsibleString s when PythonNumbers.ParseFloat(s.Value) is { } f => new AnsibleFloat(f),
            _ => fallback,
        };
    }

    /// <summary><c>first</c>: the first item, or an undefined value <c>No first item, sequence was empty.</c>.</summary>
    private static AnsibleValue First(FilterCall call)
    {
        var items = FunctionArgs.Items(call, call.Input);
        return items.IsEmpty ? new AnsibleUndefined("No first item, sequence was empty.") : items[0];
    }

    /// <summary><c>last</c>: <c>next(reversed(seq))</c>.</summary>
    private static AnsibleValue Last(FilterCall call)
    {
        var items = FunctionArgs.Items(call, call.Input);
        return items.IsEmpty ? new AnsibleUndefined("No last item, sequence was empty.") : items[^1];
    }

    /// <summary><c>min</c>/<c>max(case_sensitive=False, attribute=None)</c>: the first extreme item by <c>&lt;</c>.</summary>
    private static AnsibleValue MinMax(FilterCall call, bool max)
    {
        var items = FunctionArgs.Items(call, call.Input);
        if (items.IsEmpty) return new AnsibleUndefined("No aggregated item, sequence was empty.");
        var caseSensitive = FunctionArgs.Flag(call, 0, "case_sensitive");
        var getter = FunctionArgs.AttributeGetter(call.Argument(1, "attribute"));
        AnsibleValue Key(AnsibleValue item) => caseSensitive ? getter(item) : FunctionArgs.IgnoreCase(getter(item));
        var best = items[0];
        var bestKey = Key(best);
        foreach (var item in items.AsSpan()[1..])
        {
            var key = Key(item);

            // CPython's min_max compares item < best (min) or item > best (max), keeping the first of equals.
            if (max ? FunctionArgs.Greater(key, bestKey) : FunctionArgs.Less(key, bestKey))
            {
                best = item;
                bestKey = key;
            }
        }

        return best;
    }

    /// <summary><c>sum(attribute=None, start=0)</c>: Python's <c>sum</c> with <c>+</c>.</summary>
    private static AnsibleValue Sum(FilterCall call)
    {
        var getter = FunctionArgs.AttributeGetter(call.Argument(0, "attribute"));
        var total = call.Argument(1, "start", AnsibleInt.Of(0))!;
        if (total is AnsibleString) throw call.Error("sum() can't sum strings [use ''.join(seq) instead]");
        foreach (var item in FunctionArgs.Items(call, call.Input))
        {
            total = PythonOps.Add(total, getter(item));
        }

        return total;
    }

    /// <summary><c>join(d='', attribute=None)</c>: <c>str(d).join(map(str, value))</c>, bounded in size.</summary>
    private static AnsibleValue Join(FilterCall call)
    {
        var separator = call.Argument(0, "d", AnsibleString.Empty)!;
        if (PythonOps.FindUnknown(separator) is { } unknownSeparator) return new AnsibleUnknown(unknownSeparator.Cause);
        var getter = FunctionArgs.AttributeGetter(call.Argument(1, "attribute"));
        var items = FunctionArgs.Items(call, call.Input);
        var strings = ImmutableArray.CreateBuilder<AnsibleValue>(items.Length);
        foreach (var item in items)
        {
            var text = PythonOps.ToStr(getter(item));
            if (text is AnsibleUnknown) return text;
            strings.Add(text);
        }

        return PythonMethods.Join(PythonOps.Str(separator), strings.MoveToImmutable());
    }

    /// <summary>
    /// <c>map(attribute=..., default=None)</c> or <c>map(filter_name, *args, **kwargs)</c>: the filter is
    /// looked up in <see cref="FunctionLibrary.Default"/>.
    /// </summary>
    private static AnsibleValue Map(FilterCall call)
    {
        Func<AnsibleValue, AnsibleValue> function;
        if (call.Arguments.IsEmpty && call.Keywords.TryGetValue("attribute", out var attribute))
        {
            var extra = call.Keywords.Keys.FirstOrDefault(k => k is not ("attribute" or "default"));
            if (extra is not null) throw call.Error($"Unexpected keyword argument {PythonRepr.Repr(new AnsibleString(extra))}");
            function = FunctionArgs.AttributeGetter(attribute, call.Keywords.GetValueOrDefault("default"));
        }
        else
        {
            if (call.Arguments.IsEmpty) throw call.Error("map requires a filter argument");
            var name = PythonOps.Str(call.Arguments[0]);
            var entry = FunctionLibrary.Default.Filter(name);
            if (entry is null) return NotModelled(call, name, isTest: false);
            var arguments = call.Arguments[1..];
            function = item => Invoke(entry, name, item, arguments, call.Keywords, call);
        }

        var items = FunctionArgs.Items(call, call.Input);
        var results = ImmutableArray.CreateBuilder<AnsibleValue>(items.Length);
        foreach (var item in items) results.Add(function(item));
        return new AnsibleList(results.MoveToImmutable());
    }

    /// <summary>
    /// <c>select</c>/<c>reject</c>/<c>selectattr</c>/<c>rejectattr</c>: keep the items (or their
    /// attribute) that pass the named test, or are truthy without one. An item whose verdict is
    /// unknown makes the whole list unknown.
    /// </summary>
    private static AnsibleValue Select(FilterCall call, bool keep, bool byAttribute)
    {
        var offset = 0;
        Func<AnsibleValue, AnsibleValue> transform = static x => x;
        if (byAttribute)
        {
            if (call.Arguments.IsEmpty) throw call.Error("Missing parameter for attribute name");
            transform = FunctionArgs.AttributeGetter(call.Arguments[0]);
            offset = 1;
        }

        Func<AnsibleValue, AnsibleValue> test = static x => x;
        if (call.Arguments.Length > offset)
        {
            var name = PythonOps.Str(call.Arguments[offset]);
            var entry = FunctionLibrary.Default.Test(name);
            if (entry is null) return NotModelled(call, name, isTest: true);
            var arguments = call.Arguments[(offset + 1)..];
            test = item => Invoke(entry, name, item, arguments, call.Keywords, call);
        }

        var items = FunctionArgs.Items(call, call.Input);
        var results = ImmutableArray.CreateBuilder<AnsibleValue>();
        foreach (var item in items)
        {
            var verdict = PythonOps.Truthy(test(transform(item)));
            if (verdict is null) return new AnsibleUnknown(PythonOps.FindUnknown(item)?.Cause ?? $"whether an item passes `{call.Name}` is unknown");
            if (verdict.Value == keep) results.Add(item);
        }

        return new AnsibleList(results.ToImmutable());
    }

    /// <summary>A filter or test named by <c>map</c>/<c>select</c> that VarTrace does not model: unknown if Ansible can load it, else Ansible's load error.</summary>
    private static AnsibleUnknown NotModelled(FilterCall call, string name, bool isTest)
    {
        if (!AnsibleFunctionCatalog.CanLoad(name, isTest)) throw call.Error(AnsibleFunctionCatalog.LoadError(name));
        var kind = isTest ? "test" : "filter";
        call.Services.Warn($"{kind} `{name}` (used by `{call.Name}`) is not modelled by VarTrace; its result is unknown", call.Span);
        return new AnsibleUnknown($"{kind} `{name}` is not modelled");
    }

    /// <summary>Calls a filter or test from another filter with the evaluator's undefined/unknown rules.</summary>
    internal static AnsibleValue Invoke(JinjaFunctionEntry entry, string name, AnsibleValue input, ImmutableArray<AnsibleValue> arguments, ImmutableDictionary<string, AnsibleValue> keywords, FilterCall outer)
    {
        var all = arguments.Prepend(input).Concat(keywords.Values);
        if ((entry.Traits & FunctionTraits.AcceptsUndefined) == 0)
        {
            foreach (var value in all)
            {
                if (value is AnsibleUndefined undefined) throw PythonOps.UndefinedError(undefined);
            }
        }

        if ((entry.Traits & FunctionTraits.AcceptsUnknown) == 0 && all.FirstOrDefault(v => PythonOps.AsUnknown(v) is not null) is { } unknown)
        {
            return PythonOps.Unknown(unknown);
        }

        return entry.Function(new FilterCall(name, input, arguments, keywords, outer.Span, outer.Services));
    }

    /// <summary>
    /// Ansible's <c>unique(case_sensitive=None, attribute=None)</c> (<c>mathstuff.py</c>): Jinja's
    /// <c>do_unique</c> with <c>case_sensitive=bool(None)</c>, so strings compare case-insensitively by
    /// default; unhashable items fall back to Ansible's own <c>x not in c</c> loop.
    /// </summary>
    private static AnsibleValue Unique(FilterCall call)
    {
        var caseSensitive = FunctionArgs.Flag(call, 0, "case_sensitive");
        var attribute = call.Argument(1, "attribute");
        var explicitlyInsensitive = call.Argument(0, "case_sensitive") is { } cs && PythonOps.Truthy(cs) == false && cs is not AnsibleNull;
        var getter = FunctionArgs.AttributeGetter(attribute);
        var items = FunctionArgs.Items(call, call.Input);
        var keys = items.Select(item => caseSensitive ? getter(item) : FunctionArgs.IgnoreCase(getter(item))).ToArray();
        if (keys.Any(k => k is AnsibleList or AnsibleDict))
        {
            if (explicitlyInsensitive || attribute is not (null or AnsibleNull))
            {
                throw call.Error("Jinja2's unique filter failed and we cannot fall back to Ansible's version as it does not support the parameters supplied");
            }

            var kept = new List<AnsibleValue>();
            foreach (var item in items)
            {
                if (!kept.Any(k => PythonOps.PyEquals(k, item) == true)) kept.Add(item);
            }

            return new AnsibleList([.. kept]);
        }

        var seen = new HashSet<AnsibleValue>(Yaml.PythonKeyComparer.Instance);
        var results = ImmutableArray.CreateBuilder<AnsibleValue>();
        for (var i = 0; i < items.Length; i++)
        {
            if (seen.Add(keys[i])) results.Add(items[i]);
        }

        return new AnsibleList(results.ToImmutable());
    }

    /// <summary><c>sort(reverse=False, case_sensitive=False, attribute=None)</c>: Python's stable <c>sorted</c> by <c>&lt;</c>.</summary>
    private static AnsibleValue Sort(FilterCall call)
    {
        FunctionArgs.Expect(call, "do_sort", 3, "reverse", "case_sensitive", "attribute");
        var reverse = FunctionArgs.Flag(call, 0, "reverse");
        var caseSensitive = FunctionArgs.Flag(call, 1, "case_sensitive");
        var attribute = call.Argument(2, "attribute");
        Func<AnsibleValue, AnsibleValue> key = attribute is null or AnsibleNull
            ? static x => x
            : FunctionArgs.MultiAttributeGetter(attribute);
        var items = FunctionArgs.Items(call, call.Input);
        var keyed = items.Select(item =>
        {
            var k = key(item);
            if (!caseSensitive) k = k is AnsibleList list ? new AnsibleList([.. list.Items.Select(FunctionArgs.IgnoreCase)]) : FunctionArgs.IgnoreCase(k);
            return (Item: item, Key: k);
        }).ToList();
        return new AnsibleList([.. StableSort(keyed, reverse).Select(p => p.Item)]);
    }

    /// <summary>A stable merge sort using only Python's <c>&lt;</c>; reversing keeps equal items in input order, as <c>sorted(reverse=True)</c> does.</summary>
    internal static List<(AnsibleValue Item, AnsibleValue Key)> StableSort(List<(AnsibleValue Item, AnsibleValue Key)> items, bool reverse)
    {
        if (items.Count < 2) return items;
        var middle = items.Count / 2;
        var left = StableSort(items[..middle], reverse);
        var right = StableSort(items[middle..], reverse);
        var merged = new List<(AnsibleValue, AnsibleValue)>(items.Count);
        int i = 0, j = 0;
        while (i < left.Count && j < right.Count)
        {
            // Take from the right only when it sorts strictly before the left.
            var rightFirst = reverse ? FunctionArgs.Less(left[i].Key, right[j].Key) : FunctionArgs.Less(right[j].Key, left[i].Key);
            merged.Add(rightFirst ? right[j++] : left[i++]);
        }

        merged.AddRange(left.Skip(i));
        merged.AddRange(right.Skip(j));
        return merged;
    }

    /// <summary><c>reverse</c>: a reversed string, or the items in reverse order.</summary>
    private static AnsibleValue Reverse(FilterCall call)
    {
        if (call.Input is AnsibleString s)
        {
            if (PythonOps.FindUnknown(s) is not null) return PythonOps.Unknown(s);
            var runes = s.Value.EnumerateRunes().Reverse();
            var builder = new StringBuilder(s.Value.Length);
            foreach (var rune in runes) builder.Append(rune.ToString());
            return new AnsibleString(builder.ToString());
        }

        if (call.Input is not (AnsibleList or AnsibleDict)) throw call.Error("argument must be iterable");
        var items = FunctionArgs.Items(call, call.Input);
        return new AnsibleList([.. items.Reverse()]);
    }

    /// <summary><c>replace(old, new, count=None)</c>: <c>str(s).replace(str(old), str(new), count)</c>.</summary>
    private static AnsibleValue Replace(FilterCall call)
    {
        var old = call.Argument(0, "old") ?? throw call.Error("do_replace() missing 2 required positional arguments: 'old' and 'new'");
        var replacement = call.Argument(1, "new") ?? throw call.Error("do_replace() missing 1 required positional argument: 'new'");
        var count = FunctionArgs.Int(call, 2, "count") ?? -1;
        return new AnsibleString(PythonMethods.Replace(Soft(call), PythonOps.Str(old), PythonOps.Str(replacement), (long)BigInteger.Clamp(count, long.MinValue, long.MaxValue)));
    }

    /// <summary>Python's <c>abs</c>.</summary>
    private static AnsibleValue Abs(FilterCall call)
    {
        if (!PythonOps.TryNumber(call.Input, out var number)) throw call.Error($"bad operand type for abs(): '{call.Input.PythonType}'");
        return number.IsFloat ? new AnsibleFloat(Math.Abs(number.Float)) : AnsibleInt.Of(BigInteger.Abs(number.Int));
    }

    /// <summary>
    /// <c>round(precision=0, method='common')</c>: Python's <c>round(value, precision)</c> (half to even on
    /// the exact binary value; an int stays an int), or <c>math.ceil/floor(value * 10**p) / 10**p</c>.
    /// </summary>
    private static AnsibleValue Round(FilterCall call)
    {
        var precision = FunctionArgs.Int(call, 0, "precision") ?? 0;
        var method = FunctionArgs.Str(call, 1, "method") ?? "common";
        if (method is not ("common" or "ceil" or "floor")) throw call.Error("method must be common, ceil or floor");
        if (!PythonOps.TryNumber(call.Input, out var number)) throw call.Error($"type {call.Input.PythonType} doesn't define __round__ method");
        if (method == "common")
        {
            if (!number.IsFloat) return AnsibleInt.Of(PythonNumbers.RoundInt(number.Int, precision));
            return new AnsibleFloat(PythonNumbers.RoundFloat(number.Float, precision));
        }

        var scale = PythonOps.Power(AnsibleInt.Of(10), AnsibleInt.Of(precision));
        var scaled = PythonOps.Multiply(call.Input, scale);
        PythonOps.TryNumber(scaled, out var s);
        if (s.IsFloat && !double.IsFinite(s.Float)) throw call.Error(double.IsNaN(s.Float) ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer");
        var rounded = s.IsFloat
            ? AnsibleInt.Of(new BigInteger(method == "ceil" ? Math.Ceiling(s.Float) : Math.Floor(s.Float)))
            : AnsibleInt.Of(s.Int);
        return PythonOps.TrueDivide(rounded, scale);
    }

    /// <summary><c>center(width=80)</c>: Python's <c>str.center</c> (the odd pad goes left when the width is odd).</summary>
    private static AnsibleValue Center(FilterCall call)
    {
        var width = (long)BigInteger.Clamp(FunctionArgs.Int(call, 0, "width") ?? 80, -1, PythonOps.MaxResultLength + 1L);
        PythonOps.CheckLength(width);
        var text = Soft(call);
        var length = PythonOps.CodePointCount(text);
        if (width <= length) return new AnsibleString(text);
        var margin = (int)width - length;
        var left = (margin / 2) + (margin & (int)width & 1);
        return new AnsibleString(new string(' ', left) + text + new string(' ', margin - left));
    }

    /// <summary><c>truncate(length=255, killwords=False, end='...', leeway=None)</c> with Jinja's default leeway of 5.</summary>
    private static AnsibleValue Truncate(FilterCall call)
    {
        var s = Soft(call);
        var length = (long)BigInteger.Clamp(FunctionArgs.Int(call, 0, "length") ?? 255, int.MinValue, int.MaxValue);
        var killWords = FunctionArgs.Flag(call, 1, "killwords");
        var end = FunctionArgs.Str(call, 2, "end") ?? "...";
        var leeway = (long)BigInteger.Clamp(FunctionArgs.Int(call, 3, "leeway") ?? TruncateLeeway, int.MinValue, int.MaxValue);
        if (length < end.Length) throw call.Error($"expected length >= {end.Length}, got {length}");
        if (leeway < 0) throw call.Error($"expected leeway >= 0, got {leeway}");
        var runes = s.EnumerateRunes().ToArray();
        if (runes.Length <= length + leeway) return new AnsibleString(s);
        var head = string.Concat(runes.Take((int)(length - end.Length)).Select(r => r.ToString()));
        if (killWords) return new AnsibleString(head + end);
        var space = head.LastIndexOf(' ');
        return new AnsibleString((space < 0 ? head : head[..space]) + end);
    }

    /// <summary><c>indent(width=4, first=False, blank=False)</c>, with Jinja 3's <c>s += '\n'</c> splitlines quirk.</summary>
    private static AnsibleValue Indent(FilterCall call)
    {
        var widthArgument = call.Argument(0, "width", AnsibleInt.Of(4))!;
        string indention;
        if (widthArgument is AnsibleString w)
        {
            indention = w.Value;
        }
        else
        {
            if (widthArgument is not (AnsibleInt or AnsibleBool)) throw call.Error($"can't multiply sequence by non-int of type '{widthArgument.PythonType}'");
            var width = BigInteger.Max(0, PythonOps.IntOf(widthArgument));
            PythonOps.CheckLength(width);
            indention = new string(' ', (int)width);
        }

        var first = FunctionArgs.Flag(call, 1, "first");
        var blank = FunctionArgs.Flag(call, 2, "blank");
        var lines = PythonMethods.SplitLines(Soft(call) + "\n", keepEnds: false);
        PythonOps.CheckLength(Soft(call).Length + ((long)indention.Length * lines.Count));
        string result;
        if (blank)
        {
            result = string.Join("\n" + indention, lines);
        }
        else
        {
            var builder = new StringBuilder(lines[0]);
            for (var i = 1; i < lines.Count; i++) builder.Append('\n').Append(lines[i].Length > 0 ? indention + lines[i] : lines[i]);
            result = builder.ToString();
        }

        return new AnsibleString(first ? indention + result : result);
    }

    /// <summary><c>format(*args, **kwargs)</c>: <c>soft_str(value) % (kwargs or args)</c>.</summary>
    private static AnsibleValue Format(FilterCall call)
    {
        if (!call.Arguments.IsEmpty && !call.Keywords.IsEmpty) throw call.Error("can't handle positional and keyword arguments at the same time");
        if (!call.Keywords.IsEmpty)
        {
            var mapping = new AnsibleDict([.. call.Keywords.Select(k => new KeyValuePair<AnsibleValue, AnsibleValue>(new AnsibleString(k.Key), k.Value))]);
            return new AnsibleString(PythonFormat.PercentCore(Soft(call), [mapping], mapping));
        }

        return new AnsibleString(PythonFormat.PercentCore(Soft(call), call.Arguments, null));
    }

    /// <summary>Jinja 3.1's <c>items</c>: the <c>(key, value)</c> pairs of a mapping; nothing for an undefined input.</summary>
    private static AnsibleValue Items(FilterCall call)
    {
        if (call.Input is AnsibleUndefined) return AnsibleList.Empty;
        if (PythonOps.AsUnknown(call.Input) is { } unknown) return new AnsibleUnknown(unknown.Cause);
        if (call.Input is not AnsibleDict dict) throw call.Error("Can only get item pairs from a mapping.");
        return new AnsibleList([.. dict.Entries.Select(e => (AnsibleValue)new AnsibleList([e.Key, e.Value]))]);
    }

    /// <summary><c>dictsort(case_sensitive=False, by='key', reverse=False)</c>: the sorted <c>(key, value)</c> pairs.</summary>
    private static AnsibleValue Dictsort(FilterCall call)
    {
        if (call.Input is not AnsibleDict dict) throw call.Error($"'{call.Input.PythonType}' object has no attribute 'items'");
        var caseSensitive = FunctionArgs.Flag(call, 0, "case_sensitive");
        var by = FunctionArgs.Str(call, 1, "by") ?? "key";
        if (by is not ("key" or "value")) throw call.Error("You can only sort by either \"key\" or \"value\"");
        var reverse = FunctionArgs.Flag(call, 2, "reverse");
        var pairs = dict.Entries.Select(e =>
        {
            var key = by == "key" ? e.Key : e.Value;
            return ((AnsibleValue)new AnsibleList([e.Key, e.Value], isTuple: true), caseSensitive ? key : FunctionArgs.IgnoreCase(key));
        }).ToList();
        return new AnsibleList([.. StableSort(pairs, reverse).Select(p => p.Item)]);
    }

    [GeneratedRegex(@"([-\s({\[<]+)")]
    private static partial Regex WordBeginningSplit();

    [GeneratedRegex(@"\w+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WordPattern();
}
