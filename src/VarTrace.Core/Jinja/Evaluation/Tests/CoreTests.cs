using VarTrace.Core.Jinja.Evaluation.Filters;
using VarTrace.Core.Jinja.Syntax.Ast;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation.Tests;

/// <summary>Jinja2 3.1's built-in tests (<c>jinja2/tests.py</c>).</summary>
internal static class CoreTests
{
    /// <summary>Registers the tests.</summary>
    public static void Register(FunctionTable table)
    {
        table.Add(call => AnsibleBool.Of(call.Input is not AnsibleUndefined), FunctionTraits.AcceptsUndefined, "defined");
        table.Add(call => AnsibleBool.Of(call.Input is AnsibleUndefined), FunctionTraits.AcceptsUndefined, "undefined");
        table.Partial(call => AnsibleBool.Of(call.Input is AnsibleNull), "none");
        table.Partial(call => AnsibleBool.Of(call.Input is AnsibleBool), "boolean");
        table.Partial(call => AnsibleBool.Of(call.Input is AnsibleBool { Value: false }), "false");
        table.Partial(call => AnsibleBool.Of(call.Input is AnsibleBool { Value: true }), "true");
        table.Partial(call => AnsibleBool.Of(call.Input is AnsibleInt), "integer");
        table.Partial(call => AnsibleBool.Of(call.Input is AnsibleFloat), "float");
        table.Partial(call => AnsibleBool.Of(call.Input is AnsibleInt or AnsibleFloat or AnsibleBool), "number");
        table.Partial(call => AnsibleBool.Of(call.Input is AnsibleString), "string");
        table.Partial(call => AnsibleBool.Of(call.Input is AnsibleDict), "mapping");
        table.Partial(call => AnsibleBool.Of(call.Input is AnsibleString or AnsibleList or AnsibleDict), "iterable", "sequence");
        table.Partial(call => AnsibleBool.False, "escaped");
        table.Partial(call => AnsibleBool.Of(call.Input is JinjaObject { IsCallable: true }), "callable");
        table.Known(call => Cased(call, lower: true), "lower");
        table.Known(call => Cased(call, lower: false), "upper");
        table.Partial(SameAs, "sameas");
        table.Partial(call => PythonOps.Contains(Argument(call, "seq"), call.Input), "in");
        table.Partial(call => PythonOps.Compare(CompareOperator.Equal, call.Input, Argument(call, "b")), "==", "eq", "equalto");
        table.Partial(call => PythonOps.Compare(CompareOperator.NotEqual, call.Input, Argument(call, "b")), "!=", "ne");
        table.Partial(call => PythonOps.Compare(CompareOperator.Less, call.Input, Argument(call, "b")), "<", "lt", "lessthan");
        table.Partial(call => PythonOps.Compare(CompareOperator.LessOrEqual, call.Input, Argument(call, "b")), "<=", "le");
        table.Partial(call => PythonOps.Compare(CompareOperator.Greater, call.Input, Argument(call, "b")), ">", "gt", "greaterthan");
        table.Partial(call => PythonOps.Compare(CompareOperator.GreaterOrEqual, call.Input, Argument(call, "b")), ">=", "ge");
        table.Known(call => Divisible(call.Input, Argument(call, "num")), "divisibleby");
        table.Known(call => Divisible(call.Input, AnsibleInt.Of(2)), "even");
        table.Known(call => PythonOps.Not(Divisible(call.Input, AnsibleInt.Of(2))), "odd");
        table.Known(call => AnsibleBool.Of(FunctionLibrary.Default.Filter(PythonOps.Str(call.Input)) is not null), "filter");
        table.Known(call => AnsibleBool.Of(FunctionLibrary.Default.Test(PythonOps.Str(call.Input)) is not null), "test");
    }

    private static AnsibleValue Argument(FilterCall call, string name) =>
        call.Argument(0, name) ?? throw call.Error($"missing 1 required positional argument: '{name}'");

    /// <summary><c>str(value).islower()</c> / <c>.isupper()</c>: at least one cased character, and every cased one in that case.</summary>
    private static AnsibleValue Cased(FilterCall call, bool lower)
    {
        var text = PythonOps.Str(call.Input);
        var cased = false;
        foreach (var c in text)
        {
            if (char.IsUpper(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.TitlecaseLetter)
            {
                if (lower) return AnsibleBool.False;
                cased = true;
            }
            else if (char.IsLower(c))
            {
                if (!lower) return AnsibleBool.False;
                cased = true;
            }
        }

        return AnsibleBool.Of(cased);
    }

    /// <summary><c>value % num == 0</c>.</summary>
    private static AnsibleValue Divisible(AnsibleValue value, AnsibleValue num) =>
        PythonOps.Equals(PythonOps.Modulo(value, num), AnsibleInt.Of(0));

    /// <summary>
    /// <c>value is other</c>: Python identity. VarTrace has no object identity for scalars; it answers as
    /// CPython does for its singletons (None, True, False), its cached small ints (-5..256), and for the
    /// same container object; other equal scalars are distinct objects in CPython unless interned, which
    /// VarTrace treats as unknown.
    /// </summary>
    private static AnsibleValue SameAs(FilterCall call)
    {
        var other = Argument(call, "other");
        if (ReferenceEquals(call.Input, other)) return AnsibleBool.True;
        switch (call.Input, other)
        {
            case (AnsibleNull, _) or (_, AnsibleNull) or (AnsibleBool, _) or (_, AnsibleBool):
                return AnsibleBool.Of(call.Input.DeepEquals(other));
            case (AnsibleInt a, AnsibleInt b):
                return a.Value == b.Value && a.Value >= -5 && a.Value <= 256 ? AnsibleBool.True
                    : a.Value != b.Value ? AnsibleBool.False
                    : new AnsibleUnknown("`sameas` of two equal ints outside CPython's small-int cache depends on object identity");
            case (AnsibleString a, AnsibleString b) when a.Value == b.Value:
                return new AnsibleUnknown("`sameas` of two equal strings depends on CPython's string interning");
            case (AnsibleList or AnsibleDict, AnsibleList or AnsibleDict):
                return AnsibleBool.False;
            default:
                return call.Input.GetType() == other.GetType() && call.Input.DeepEquals(other)
                    ? new AnsibleUnknown("`sameas` of two equal values depends on object identity")
                    : AnsibleBool.False;
        }
    }
}
