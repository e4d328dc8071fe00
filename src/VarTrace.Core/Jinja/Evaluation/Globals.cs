using System.Collections.Immutable;
using System.Numerics;
using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation;

/// <summary>
/// The global functions of Ansible's Jinja environment. Lookups are never executed: a static tool
/// must not read files, environment variables or run commands, so their results are unknown.
/// </summary>
internal static class Globals
{
    /// <summary>Largest <c>range()</c> materialised; larger ones would only exhaust memory.</summary>
    private const int MaxRange = 100_000;

    /// <summary>Calls the global <paramref name="name"/>, or returns null when there is no such global.</summary>
    public static AnsibleValue? TryCall(string name, ImmutableArray<AnsibleValue> arguments, ImmutableDictionary<string, AnsibleValue> keywords, SourceSpan span)
    {
        switch (name)
        {
            case "lookup":
            case "query":
            case "q":
                var plugin = arguments.FirstOrDefault() is AnsibleString p ? p.Value : "?";
                return new AnsibleUnknown($"lookup('{plugin}', ...) is never run by VarTrace");
            case "now":
                return new AnsibleUnknown("now() is the time of the run");
            case "lipsum":
                return new AnsibleUnknown("lipsum() is random text");
            case "undef":
                return new AnsibleUndefined(arguments.FirstOrDefault() is AnsibleString hint ? hint.Value : "undef() was called");
            case "range":
                return Range(arguments, span);
            case "dict":
                return Dict(arguments, keywords, span);
            case "namespace":
                var ns = new JinjaNamespace();
                if (Dict(arguments, keywords, span) is AnsibleDict attributes)
                {
                    foreach (var entry in attributes.Entries) ns.Set(PythonOps.Str(entry.Key), entry.Value);
                }

                return ns;
            case "cycler":
                if (arguments.IsEmpty) throw new TemplateError("at least one item has to be provided", span);
                return new JinjaCycler(arguments);
            case "joiner":
                var separator = arguments.FirstOrDefault() ?? keywords.GetValueOrDefault("sep") ?? new AnsibleString(", ");
                return new JinjaJoiner(PythonOps.Str(separator));
            default:
                return null;
        }
    }

    /// <summary>
    /// Python's <c>dict(mapping_or_pairs, **kwargs)</c>. Keyword arguments come sorted by name: the
    /// parser keeps them in a dictionary, which forgets the order they were written in.
    /// </summary>
    private static AnsibleValue Dict(ImmutableArray<AnsibleValue> arguments, ImmutableDictionary<string, AnsibleValue> keywords, SourceSpan span)
    {
        if (arguments.Length > 1) throw new TemplateError($"dict expected at most 1 argument, got {arguments.Length}", span);
        var entries = new List<KeyValuePair<AnsibleValue, AnsibleValue>>();
        if (arguments.Length == 1)
        {
            var source = arguments[0];
            if (PythonOps.AsUnknown(source) is { } unknown) return new AnsibleUnknown(unknown.Cause);
            if (source is AnsibleDict mapping) entries.AddRange(mapping.Entries);
            else
            {
                var pairs = PythonOps.ToIterable(source) ?? [];
                for (var i = 0; i < pairs.Length; i++)
                {
                    var pair = PythonOps.ToIterable(pairs[i]) ?? [];
                    if (pair.Length != 2)
                    {
                        throw new TemplateError($"dictionary update sequence element #{i} has length {pair.Length}; 2 is required", span);
                    }

                    Put(entries, pair[0], pair[1]);
                }
            }
        }

        foreach (var keyword in keywords.OrderBy(static k => k.Key, StringComparer.Ordinal)) Put(entries, new AnsibleString(keyword.Key), keyword.Value);
        return new AnsibleDict([.. entries]);
    }

    private static void Put(List<KeyValuePair<AnsibleValue, AnsibleValue>> entries, AnsibleValue key, AnsibleValue value)
    {
        var index = entries.FindIndex(e => PythonOps.PyEquals(e.Key, key) == true);
        if (index >= 0) entries[index] = new(entries[index].Key, value);
        else entries.Add(new(key, value));
    }

    private static AnsibleValue Range(ImmutableArray<AnsibleValue> arguments, SourceSpan span)
    {
        if (arguments.Any(static a => a is AnsibleUnknown)) return new AnsibleUnknown("range() over an unknown bound");
        var bounds = arguments.Select(a => a is AnsibleInt i ? i.Value : throw new TemplateError($"'{a.PythonType}' object cannot be interpreted as an integer", span)).ToList();
        var (start, stop, step) = bounds.Count switch
        {
            1 => (BigInteger.Zero, bounds[0], BigInteger.One),
            2 => (bounds[0], bounds[1], BigInteger.One),
            3 => (bounds[0], bounds[1], bounds[2]),
            _ => throw new TemplateError($"range expected at most 3 arguments, got {bounds.Count}", span),
        };
        if (step.IsZero) throw new TemplateError("range() arg 3 must not be zero", span);
        var count = step > 0 ? (stop - start + step - 1) / step : (start - stop - step - 1) / -step;
        if (count > MaxRange)
        {
            // Jinja's sandbox refuses ranges over 100,000 items too (MAX_RANGE).
            throw new TemplateError($"Range too big. The sandbox blocks ranges larger than MAX_RANGE ({MaxRange}).", span);
        }

        var items = ImmutableArray.CreateBuilder<AnsibleValue>();
        for (var i = start; step > 0 ? i < stop : i > stop; i += step) items.Add(AnsibleInt.Of(i));
        return new AnsibleList(items.ToImmutable());
    }
}
