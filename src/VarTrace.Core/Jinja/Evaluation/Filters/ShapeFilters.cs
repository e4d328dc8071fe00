using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation.Filters;

/// <summary>
/// Filters that regroup a list (Jinja's <c>batch</c> and <c>slice</c>, Ansible's <c>combinations</c>
/// and <c>permutations</c>) and Ansible's path, size and comment text filters.
/// </summary>
internal static class ShapeFilters
{
    /// <summary>Largest number of groups built; itertools would only exhaust memory beyond.</summary>
    private const int MaxGroups = 100_000;

    private static readonly (char Suffix, BigInteger Limit)[] SizeRanges =
    [
        ('Y', BigInteger.One << 80), ('Z', BigInteger.One << 70), ('E', BigInteger.One << 60), ('P', BigInteger.One << 50),
        ('T', BigInteger.One << 40), ('G', BigInteger.One << 30), ('M', BigInteger.One << 20), ('K', BigInteger.One << 10), ('B', BigInteger.One),
    ];

    /// <summary>Registers the filters.</summary>
    public static void Register(FunctionTable table)
    {
        table.Partial(Batch, "batch");
        table.Partial(Slice, "slice");
        table.Partial(call => Combinatorics(call, permutations: false), "combinations");
        table.Partial(call => Combinatorics(call, permutations: true), "permutations");
        table.Known(PathJoin, "path_join");
        table.Known(SplitExt, "splitext");
        table.Known(HumanReadable, "human_readable");
        table.Known(HumanToBytes, "human_to_bytes");
        table.Known(Comment, "comment");
    }

    /// <summary>Jinja's <c>batch(value, linecount, fill_with=None)</c>: lists of <c>linecount</c> items, the last padded.</summary>
    private static AnsibleValue Batch(FilterCall call)
    {
        var size = FunctionArgs.Int(call, 0, "linecount") ?? throw call.Error("do_batch() missing 1 required positional argument: 'linecount'");
        if (size <= 0) throw call.Error("range() arg 3 must not be zero");
        var fill = call.Argument(1, "fill_with");
        var items = FunctionArgs.Items(call, call.Input);
        var count = (int)BigInteger.Min(size, int.MaxValue);
        var batches = ImmutableArray.CreateBuilder<AnsibleValue>();
        for (var start = 0; start < items.Length; start += count)
        {
            var batch = items[start..Math.Min(items.Length, start + count)];
            if (fill is not null and not AnsibleNull) while (batch.Length < count) batch = batch.Add(fill);
            batches.Add(new AnsibleList(batch));
        }

        return new AnsibleList(batches.ToImmutable());
    }

    /// <summary>Jinja's <c>slice(value, slices, fill_with=None)</c>: <c>slices</c> columns, the longer ones first.</summary>
    private static AnsibleValue Slice(FilterCall call)
    {
        var slices = FunctionArgs.Int(call, 0, "slices") ?? throw call.Error("do_slice() missing 1 required positional argument: 'slices'");
        if (slices > MaxGroups) throw call.Error($"slice() of more than {MaxGroups:N0} slices");
        var fill = call.Argument(1, "fill_with");
        var items = FunctionArgs.Items(call, call.Input);
        var count = (int)slices;
        if (count == 0) throw call.Error("integer division or modulo by zero");
        var perSlice = items.Length / count;
        var withExtra = items.Length % count;
        var offset = 0;
        var result = ImmutableArray.CreateBuilder<AnsibleValue>();
        for (var number = 0; number < count; number++)
        {
            var start = offset + (number * perSlice);
            if (number < withExtra) offset++;
            var end = offset + ((number + 1) * perSlice);
            var slice = items[Math.Min(start, items.Length)..Math.Min(end, items.Length)];
            if (fill is not null and not AnsibleNull && number >= withExtra) slice = slice.Add(fill);
            result.Add(new AnsibleList(slice));
        }

        return new AnsibleList(result.ToImmutable());
    }

    /// <summary><c>itertools.combinations(value, r)</c> / <c>itertools.permutations(value, r=None)</c>, as tuples in itertools' order.</summary>
    private static AnsibleValue Combinatorics(FilterCall call, bool permutations)
    {
        var items = FunctionArgs.Items(call, call.Input);
        var r = FunctionArgs.Int(call, 0, "r") ?? (permutations ? items.Length : throw call.Error("combinations() missing 1 required positional argument: 'r'"));
        if (r < 0) throw call.Error("r must be non-negative");
        var length = (int)BigInteger.Min(r, int.MaxValue);
        var result = ImmutableArray.CreateBuilder<AnsibleValue>();
        if (length > items.Length) return new AnsibleList([]);
        var chosen = new List<int>();
        var used = new bool[items.Length];

        void Choose(int from)
        {
            if (chosen.Count == length)
            {
                if (result.Count >= MaxGroups) throw call.Error($"{call.Name} of more than {MaxGroups:N0} groups");
                result.Add(new AnsibleList([.. chosen.Select(i => items[i])], isTuple: true));
                return;
            }

            for (var i = permutations ? 0 : from; i < items.Length; i++)
            {
                if (used[i]) continue;
                used[i] = true;
                chosen.Add(i);
                Choose(i + 1);
                chosen.RemoveAt(chosen.Count - 1);
                used[i] = false;
            }
        }

        Choose(0);
        return new AnsibleList(result.ToImmutable());
    }

    /// <summary>Ansible's <c>path_join</c>: <c>os.path.join</c> of a list (an absolute part restarts the path), or a string as is.</summary>
    private static AnsibleValue PathJoin(FilterCall call)
    {
        if (call.Input is AnsibleString s) return s;
        if (call.Input is not AnsibleList list) throw call.Error($"|path_join expects string or sequence, got <class '{call.Input.PythonType}'> instead.");
        var path = string.Empty;
        foreach (var item in list.Items)
        {
            if (item is not AnsibleString part) throw call.Error($"join() argument must be str, bytes, or os.PathLike object, not '{item.PythonType}'");
            if (part.Value.StartsWith('/')) path = part.Value;
            else if (path.Length == 0 || path.EndsWith('/')) path += part.Value;
            else path += "/" + part.Value;
        }

        return new AnsibleString(path);
    }

    /// <summary><c>os.path.splitext</c>: (root, extension) as a tuple; leading dots of the file name are not an extension.</summary>
    private static AnsibleValue SplitExt(FilterCall call)
    {
        var path = call.Input is AnsibleString s ? s.Value : throw call.Error($"expected str, bytes or os.PathLike object, not {call.Input.PythonType}");
        var nameStart = path.LastIndexOf('/') + 1;
        var dot = path.LastIndexOf('.');
        var split = dot > nameStart && path[nameStart..dot].Any(static c => c != '.') ? dot : path.Length;
        return new AnsibleList([new AnsibleString(path[..split]), new AnsibleString(path[split..])], isTuple: true);
    }

    /// <summary>Ansible's <c>human_readable(size, isbits=False, unit=None)</c> (<c>bytes_to_human</c>): <c>'%.2f %s'</c>.</summary>
    private static AnsibleValue HumanReadable(FilterCall call)
    {
        if (!PythonOps.TryNumber(call.Input, out var number)) throw call.Error($"human_readable() failed on bad input: '>=' not supported between instances of '{call.Input.PythonType}' and 'int'");
        var size = PythonOps.ToDouble(number);
        var isBits = FunctionArgs.Flag(call, 0, "isbits");
        var unit = FunctionArgs.Str(call, 1, "unit");
        var (suffix, limit) = SizeRanges[^1];
        foreach (var range in SizeRanges)
        {
            (suffix, limit) = range;
            if ((unit is null && size >= (double)range.Limit) || (unit is not null && char.ToUpperInvariant(unit[0]) == range.Suffix)) break;
        }

        var baseName = isBits ? "bits" : "Bytes";
        var label = limit.IsOne ? baseName : $"{suffix}{baseName[0]}";
        return new AnsibleString(string.Create(CultureInfo.InvariantCulture, $"{size / (double)limit:F2} {label}"));
    }

    /// <summary>Ansible's <c>human_to_bytes(size, default_unit=None, isbits=False)</c>: <c>'1K'</c> is 1024.</summary>
    private static AnsibleValue HumanToBytes(FilterCall call)
    {
        var text = PythonOps.Str(call.Input);
        var fail = call.Error($"human_to_bytes() can't interpret following string: {text}");
        var i = 0;
        while (i < text.Length && PythonOps.IsPythonSpace(text[i])) i++;
        var numberStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i < text.Length && text[i] == '.') i++;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        var numberText = text[numberStart..i];
        while (i < text.Length && PythonOps.IsPythonSpace(text[i])) i++;
        var unitStart = i;
        while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
        var unit = i > unitStart ? text[unitStart..i] : FunctionArgs.Str(call, 0, "default_unit");
        if (!double.TryParse(numberText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || numberText == ".") throw fail;
        if (unit is null) return AnsibleInt.Of(new BigInteger(Math.Round(value, MidpointRounding.ToEven)));
        var rangeKey = char.ToUpperInvariant(unit[0]);
        var limit = SizeRanges.FirstOrDefault(r => r.Suffix == rangeKey).Limit;
        if (limit.IsZero) throw fail;
        var isBits = FunctionArgs.Flag(call, 1, "isbits");
        if (unit.Length > 1 && !unit.Contains(isBits ? "bit" : "byte", StringComparison.OrdinalIgnoreCase) && unit[1] != (isBits ? 'b' : 'B')) throw fail;
        return AnsibleInt.Of(new BigInteger(Math.Round(value * (double)limit, MidpointRounding.ToEven)));
    }

    /// <summary>Ansible's <c>comment(text, style='plain', **kw)</c>: the text framed as a comment block.</summary>
    private static AnsibleValue Comment(FilterCall call)
    {
        var style = FunctionArgs.Str(call, 0, "style") ?? "plain";
        var styles = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal)
        {
            ["plain"] = new() { ["decoration"] = "# " },
            ["erlang"] = new() { ["decoration"] = "% " },
            ["c"] = new() { ["decoration"] = "// " },
            ["cblock"] = new() { ["beginning"] = "/*", ["decoration"] = " * ", ["end"] = " */" },
            ["xml"] = new() { ["beginning"] = "<!--", ["decoration"] = " - ", ["end"] = "-->" },
        };
        if (!styles.TryGetValue(style, out var styleParameters)) throw call.Error(PythonRepr.Repr(new AnsibleString(style)));
        var keywords = call.Keywords.Where(static k => k.Key != "style").ToDictionary(static k => k.Key, static k => PythonOps.Str(k.Value), StringComparer.Ordinal);
        var prePostfix = keywords.GetValueOrDefault("decoration") ?? styleParameters["decoration"];
        var p = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["newline"] = "\n", ["beginning"] = "", ["prefix"] = prePostfix.TrimEnd(), ["prefix_count"] = "1",
            ["decoration"] = "", ["postfix"] = prePostfix.TrimEnd(), ["postfix_count"] = "1", ["end"] = "",
        };
        foreach (var (key, value) in styleParameters) p[key] = value;
        foreach (var (key, value) in keywords) p[key] = value;
        var newline = p["newline"];
        var text = PythonOps.Str(call.Input);
        var beginning = p["beginning"].Length > 0 ? p["beginning"] + newline : string.Empty;
        var prefixCount = int.Parse(p["prefix_count"], CultureInfo.InvariantCulture);
        var prefix = p["prefix"].Length == 0 ? string.Empty
            : string.Concat(Enumerable.Repeat(p["prefix"] != newline ? p["prefix"] + newline : newline, prefixCount));
        var decoration = p["decoration"];
        var body = (decoration + text.Replace(newline, newline + decoration, StringComparison.Ordinal))
            .Replace(decoration + newline, decoration.TrimEnd() + newline, StringComparison.Ordinal);
        var postfix = string.Join(newline, Enumerable.Repeat(p["postfix"], int.Parse(p["postfix_count"], CultureInfo.InvariantCulture)).Prepend(string.Empty));
        var end = p["end"].Length > 0 ? newline + p["end"] : string.Empty;
        return new AnsibleString(beginning + prefix + body + postfix + end);
    }
}
