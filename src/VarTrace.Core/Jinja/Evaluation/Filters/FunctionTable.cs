using System.Collections.Immutable;
using System.Numerics;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation.Filters;

/// <summary>Collects filters or tests by name while <see cref="FunctionLibrary"/> builds its registry.</summary>
internal sealed class FunctionTable
{
    /// <summary>The entries by name.</summary>
    public Dictionary<string, JinjaFunctionEntry> Entries { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers a function that needs its whole input and arguments known: an unknown anywhere inside
    /// them (a list item, a dict value) makes the result unknown without running it.
    /// </summary>
    public void Known(JinjaFunction function, params string[] names) =>
        Add(call => FunctionArgs.FirstUnknown(call) is { } unknown ? new AnsibleUnknown(unknown.Cause) : function(call), FunctionTraits.None, names);

    /// <summary>Registers a function that copes with unknown parts inside its input itself (top-level unknowns never reach it).</summary>
    public void Partial(JinjaFunction function, params string[] names) => Add(function, FunctionTraits.None, names);

    /// <summary>Registers a function with explicit traits.</summary>
    public void Add(JinjaFunction function, FunctionTraits traits, params string[] names)
    {
        if (names.Length == 0) throw new ArgumentException("a function needs at least one name", nameof(names));

        // A nested unknown met half-way (a sort key, a vault value) makes the whole result unknown.
        var entry = new JinjaFunctionEntry(call =>
        {
            try
            {
                return function(call);
            }
            catch (UnknownResultException e)
            {
                return new AnsibleUnknown(e.Unknown.Cause);
            }
        }, traits);
        foreach (var name in names) Entries[name] = entry;
    }
}

/// <summary>Argument reading and the conversions Jinja and Ansible filters apply to their parameters.</summary>
internal static class FunctionArgs
{
    /// <summary>The first unknown inside the input, the arguments or the keyword arguments.</summary>
    public static AnsibleUnknown? FirstUnknown(FilterCall call)
    {
        if (PythonOps.FindUnknown(call.Input) is { } unknown) return unknown;
        foreach (var argument in call.Arguments)
        {
            if (PythonOps.FindUnknown(argument) is { } found) return found;
        }

        foreach (var argument in call.Keywords.Values)
        {
            if (PythonOps.FindUnknown(argument) is { } found) return found;
        }

        return null;
    }

    /// <summary>
    /// Checks that every keyword is one the Python function declares, and that there are at most
    /// <paramref name="maxPositional"/> positional arguments, raising Python's <c>TypeError</c> texts.
    /// </summary>
    public static void Expect(FilterCall call, string function, int maxPositional, params string[] keywords)
    {
        foreach (var keyword in call.Keywords.Keys)
        {
            if (Array.IndexOf(keywords, keyword) < 0) throw call.Error($"{function}() got an unexpected keyword argument '{keyword}'");
        }

        if (call.Arguments.Length > maxPositional)
        {
            throw call.Error($"{function}() takes from 1 to {maxPositional + 1} positional arguments but {call.Arguments.Length + 1} were given");
        }
    }

    /// <summary>Python's <c>bool(arg)</c> of an optional argument, <paramref name="fallback"/> when absent.</summary>
    public static bool Flag(FilterCall call, int position, string keyword, bool fallback = false) =>
        call.Argument(position, keyword) is { } value ? PythonOps.Truthy(value) ?? fallback : fallback;

    /// <summary>An optional argument that must be an int (or bool), else Python's TypeError.</summary>
    public static BigInteger? Int(FilterCall call, int position, string keyword)
    {
        var value = call.Argument(position, keyword);
        return value switch
        {
            null or AnsibleNull => null,
            AnsibleInt or AnsibleBool => PythonOps.IntOf(value),
            _ => throw call.Error($"'{value.PythonType}' object cannot be interpreted as an integer"),
        };
    }

    /// <summary>An optional string argument (other values are converted with <c>str()</c>).</summary>
    public static string? Str(FilterCall call, int position, string keyword)
    {
        var value = call.Argument(position, keyword);
        return value is null or AnsibleNull ? null : PythonOps.Str(value);
    }

    /// <summary>The items of an iterable input (a dict gives keys, a string characters).</summary>
    public static ImmutableArray<AnsibleValue> Items(FilterCall call, AnsibleValue value) =>
        PythonOps.ToIterable(value) ?? throw new UnknownResultException(PythonOps.Unknown(value));

    /// <summary>
    /// Jinja's <c>make_attrgetter</c>: <c>"a.b.0"</c> looks up <c>a</c>, then <c>b</c>, then the int 0,
    /// each with <c>environment.getitem</c>; an int attribute is one lookup.
    /// </summary>
    public static Func<AnsibleValue, AnsibleValue> AttributeGetter(AnsibleValue? attribute, AnsibleValue? defaultValue = null)
    {
        var parts = AttributeParts(attribute);
        return item =>
        {
            foreach (var part in parts)
            {
                item = PythonOps.GetItem(item, part);
                if (defaultValue is not null && defaultValue is not AnsibleNull && item is AnsibleUndefined) item = defaultValue;
            }

            return item;
        };
    }

    /// <summary>Jinja's <c>make_multi_attrgetter</c>: comma-separated attributes give a list of keys.</summary>
    public static Func<AnsibleValue, AnsibleValue> MultiAttributeGetter(AnsibleValue? attribute)
    {
        if (attribute is not AnsibleString text) return AttributeGetterList(AttributeGetter(attribute));
        var getters = text.Value.Split(',').Select(p => AttributeGetter(new AnsibleString(p))).ToArray();
        return item => new AnsibleList([.. getters.Select(g => g(item))]);
    }

    private static Func<AnsibleValue, AnsibleValue> AttributeGetterList(Func<AnsibleValue, AnsibleValue> getter) =>
        item => new AnsibleList([getter(item)]);

    private static ImmutableArray<AnsibleValue> AttributeParts(AnsibleValue? attribute) => attribute switch
    {
        null or AnsibleNull => [],
        AnsibleString s => [.. s.Value.Split('.').Select(p => p.Length > 0 && p.All(char.IsAsciiDigit)
            ? (AnsibleValue)AnsibleInt.Of(BigInteger.Parse(p, System.Globalization.CultureInfo.InvariantCulture))
            : new AnsibleString(p))],
        _ => [attribute],
    };

    /// <summary>Jinja's <c>ignore_case</c> post-processor: strings lower-cased, anything else as is.</summary>
    public static AnsibleValue IgnoreCase(AnsibleValue value) =>
        value is AnsibleString s ? new AnsibleString(s.Value.ToLowerInvariant()) : value;

    /// <summary>Python's <c>a &lt; b</c> as <c>sorted</c>, <c>min</c> and <c>max</c> use it (raises the TypeError for mixed types).</summary>
    public static bool Less(AnsibleValue a, AnsibleValue b) => Holds(Syntax.Ast.CompareOperator.Less, a, b);

    /// <summary>Python's <c>a &gt; b</c> as <c>max</c> uses it.</summary>
    public static bool Greater(AnsibleValue a, AnsibleValue b) => Holds(Syntax.Ast.CompareOperator.Greater, a, b);

    private static bool Holds(Syntax.Ast.CompareOperator op, AnsibleValue a, AnsibleValue b)
    {
        var result = PythonOps.Compare(op, a, b);
        return result is AnsibleBool { Value: true }
            || (result is AnsibleUnknown unknown ? throw new UnknownResultException(unknown) : false);
    }
}

/// <summary>Carries an unknown comparison result out of a sort or aggregate.</summary>
internal sealed class UnknownResultException(AnsibleUnknown unknown) : Exception(unknown.Cause)
{
    /// <summary>The unknown that stopped the computation.</summary>
    public AnsibleUnknown Unknown { get; } = unknown;
}
