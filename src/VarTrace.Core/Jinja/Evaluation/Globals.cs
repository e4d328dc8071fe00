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
                var entries = keywords.OrderBy(static k => k.Key, StringComparer.Ordinal)
                    .Select(static k => new KeyValuePair<AnsibleValue, AnsibleValue>(new AnsibleString(k.Key), k.Value));
                return new AnsibleDict([.. entries]);
            default:
                return null;
        }
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
