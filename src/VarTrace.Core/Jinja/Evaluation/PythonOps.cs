using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;
using VarTrace.Core.Jinja.Syntax.Ast;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation;

/// <summary>
/// Python 3.11 / Jinja2 3.1 semantics of the operators and built-in methods a template can use, over
/// <see cref="AnsibleValue"/>, as ansible-core 2.14 runs them (its environment is not sandboxed, so
/// Python methods on str, dict and list are callable).
/// </summary>
/// <remarks>
/// <para>
/// Undefined: Ansible's <c>AnsibleUndefined</c> is a <c>StrictUndefined</c>, so truth testing, printing,
/// comparing, iterating or computing with it raises <c>AnsibleUndefinedVariable</c> with its message
/// (<see cref="TemplateError.IsUndefined"/>); reading an attribute or item of it returns the same
/// undefined value, so <c>a.b.c | default(1)</c> works when <c>a</c> is undefined
/// (<c>template/native_helpers.py:227</c>).
/// </para>
/// <para>
/// Unknown: an operation with an <see cref="AnsibleUnknown"/> operand yields an unknown with the same
/// cause, except where the result is decided anyway: a membership test that finds the item among the
/// known elements, a comparison of lists of different lengths, or an unknown with a finite set of
/// possible values for which every possibility gives the same result (then that result, else an
/// unknown listing the possible results). A <see cref="AnsibleVault"/> value counts as unknown: VarTrace
/// never decrypts.
/// </para>
/// <para>Error messages are Python's own (<c>unsupported operand type(s) for -: 'str' and 'int'</c>).</para>
/// </remarks>
public static class PythonOps
{
    /// <summary>
    /// The largest string (in characters) or list (in elements, 8 bytes a reference) an operation may
    /// build: about 10 MB, so <c>'x' * 10**9</c> raises instead of exhausting memory.
    /// </summary>
    public const int MaxResultLength = 10_000_000;

    /// <summary>The largest list an operation may build (about 10 MB of references).</summary>
    public const int MaxResultItems = MaxResultLength / 8;

    /// <summary>The largest integer <c>**</c> may build, in bits (Python 3.11 cannot print more than 4300 digits anyway).</summary>
    private const int MaxPowerBits = 100_000;

    /// <summary>CPython 3.11's <c>sys.int_info.default_max_str_digits</c>.</summary>
    private const int MaxIntStrDigits = 4300;

    /// <summary>How many combinations of possible values an operation tries before giving up to a plain unknown.</summary>
    private const int MaxPossibleCombinations = 64;

    private static readonly AnsibleUnknown VaultUnknown = new("the value is encrypted with Ansible Vault");

    private static readonly AnsibleString[] AsciiChars = CreateAsciiChars();

    // ---------------------------------------------------------------- undefined and unknown

    /// <summary>Ansible's <c>AnsibleUndefinedVariable</c> for using <paramref name="undefined"/>.</summary>
    public static TemplateError UndefinedError(AnsibleUndefined undefined) => new(undefined.Message, isUndefined: true);

    /// <summary>Raises the undefined error when <paramref name="value"/> is undefined.</summary>
    public static void ThrowIfUndefined(AnsibleValue value)
    {
        if (value is AnsibleUndefined undefined) throw UndefinedError(undefined);
    }

    /// <summary>The unknown that <paramref name="value"/> is, if it is one (a vault value counts), else null.</summary>
    public static AnsibleUnknown? AsUnknown(AnsibleValue value) => value switch
    {
        AnsibleUnknown unknown => unknown,
        AnsibleVault => VaultUnknown,
        _ => null,
    };

    /// <summary>
    /// The first unknown anywhere inside <paramref name="value"/> (itself, a list item, a dict key or
    /// value), or null when the value is fully known. Raises the undefined error for an undefined part.
    /// </summary>
    public static AnsibleUnknown? FindUnknown(AnsibleValue value)
    {
        if (value is AnsibleUndefined undefined) throw UndefinedError(undefined);
        if (AsUnknown(value) is { } unknown) return unknown;
        if (value is not (AnsibleList or AnsibleDict)) return null;

        // Values form a DAG (YAML aliases): visit each container once.
        var seen = new HashSet<AnsibleValue>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<AnsibleValue>();
        pending.Push(value);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!seen.Add(current)) continue;
            switch (current)
            {
                case AnsibleUndefined u:
                    throw UndefinedError(u);
                case AnsibleUnknown or AnsibleVault:
                    return AsUnknown(current);
                case AnsibleList list:
                    foreach (var item in list.Items) pending.Push(item);
                    break;
                case AnsibleDict dict:
                    foreach (var entry in dict.Entries)
                    {
                        pending.Push(entry.Key);
                        pending.Push(entry.Value);
                    }

                    break;
            }
        }

        return null;
    }

    // ---------------------------------------------------------------- truth and text

    /// <summary>
    /// Python's <c>bool(value)</c>: <c>0</c>, <c>0.0</c>, <c>''</c>, <c>[]</c>, <c>{}</c>, <c>None</c> and
    /// <c>False</c> are false. Null when the value is unknown (unless all its possible values agree).
    /// </summary>
    public static bool? Truthy(AnsibleValue value)
    {
        switch (value)
        {
            case AnsibleUndefined undefined:
                throw UndefinedError(undefined);
            case AnsibleUnknown unknown:
                if (unknown.PossibleValues.IsEmpty) return null;
                var first = Truthy(unknown.PossibleValues[0]);
                foreach (var possible in unknown.PossibleValues)
                {
                    if (Truthy(possible) != first) return null;
                }

                return first;
            case AnsibleVault:
                return null;
            case AnsibleNull:
                return false;
            case AnsibleBool b:
                return b.Value;
            case AnsibleInt i:
                return !i.Value.IsZero;
            case AnsibleFloat f:
                return f.Value != 0.0;
            case AnsibleString s:
                return s.Value.Length > 0;
            case AnsibleList list:
                return list.Items.Length > 0;
            case AnsibleDict dict:
                return dict.Entries.Length > 0;
            default:
                return true;
        }
    }

    /// <summary><c>not value</c>: a bool, or an unknown.</summary>
    public static AnsibleValue Not(AnsibleValue value) =>
        Truthy(value) is { } truth ? AnsibleBool.Of(!truth) : Unknown(value);

    /// <summary>
    /// Python's <c>str(value)</c> of a known value: a string is itself, <c>None</c> is <c>'None'</c>, a
    /// container is its <c>repr</c>, a date is its ISO form with a space before the time.
    /// </summary>
    /// <exception cref="TemplateError">The value is undefined, or an integer over 4300 digits (Python 3.11's limit).</exception>
    /// <exception cref="ArgumentException">The value contains an unknown: use <see cref="ToStr"/>.</exception>
    public static string Str(AnsibleValue value)
    {
        if (FindUnknown(value) is { } unknown) throw new ArgumentException($"str() of an unknown value ({unknown.Cause})", nameof(value));
        return value switch
        {
            AnsibleString s => s.Value,
            AnsibleTimestamp t => t.HasTime ? t.IsoFormat().Replace('T', ' ') : t.IsoFormat(),
            AnsibleInt i => IntStr(i.Value),
            AnsibleFloat f => FloatRepr(f.Value),
            _ => PythonRepr.Str(value),
        };
    }

    /// <summary><c>str(value)</c> as a value: a string, or an unknown when any part of the value is unknown.</summary>
    public static AnsibleValue ToStr(AnsibleValue value)
    {
        if (value is AnsibleString) return value;
        if (value is AnsibleUnknown { PossibleValues.IsEmpty: false }) return Lift(value, ToStr);
        return FindUnknown(value) is { } unknown ? new AnsibleUnknown(unknown.Cause) : new AnsibleString(Str(value));
    }

    /// <summary>Python's <c>repr()</c> of a float: the shortest round-trip digits, exponent form below 1e-4 and from 1e16.</summary>
    public static string FloatRepr(double value) => new AnsibleFloat(value).PythonRepr();

    /// <summary>Jinja's <c>a ~ b</c>: <c>str(a) + str(b)</c>.</summary>
    public static AnsibleValue Concat(AnsibleValue left, AnsibleValue right) => Binary(left, right, static (l, r) =>
    {
        var a = ToStr(l);
        var b = ToStr(r);
        if (a is AnsibleString s && b is AnsibleString t)
        {
            CheckLength((long)s.Value.Length + t.Value.Length);
            return new AnsibleString(s.Value + t.Value);
        }

        return Unknown(a, b);
    });

    // ---------------------------------------------------------------- comparison

    /// <summary>Python's <c>a == b</c>: <c>1 == 1.0 == True</c>, <c>'1' != 1</c>, lists and dicts compared deeply.</summary>
    public static AnsibleValue Equals(AnsibleValue left, AnsibleValue right) => Binary(left, right, static (a, b) =>
        PyEquals(a, b) is { } equal ? AnsibleBool.Of(equal) : Unknown(a, b));

    /// <summary>Python's <c>a != b</c>.</summary>
    public static AnsibleValue NotEquals(AnsibleValue left, AnsibleValue right) => Not(Equals(left, right));

    /// <summary>
    /// One Jinja comparison: <c>==</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>,
    /// <c>in</c>, <c>not in</c>. Ordering follows Python 3: numbers (bool included) with numbers, strings
    /// with strings by code point, lists lexicographically; anything else raises Python's
    /// <c>'&lt;' not supported between instances of 'str' and 'int'</c>.
    /// </summary>
    public static AnsibleValue Compare(CompareOperator op, AnsibleValue left, AnsibleValue right) => op switch
    {
        CompareOperator.Equal => Equals(left, right),
        CompareOperator.NotEqual => NotEquals(left, right),
        CompareOperator.In => Contains(right, left),
        CompareOperator.NotIn => Not(Contains(right, left)),
        _ => Binary(left, right, (a, b) =>
        {
            try
            {
                var order = Order(a, b, Symbol(op));
                return AnsibleBool.Of(order is { } o && op switch
                {
                    CompareOperator.Less => o < 0,
                    CompareOperator.LessOrEqual => o <= 0,
                    CompareOperator.Greater => o > 0,
                    _ => o >= 0,
                });
            }
            catch (UnknownOperandException e)
            {
                return new AnsibleUnknown(e.Unknown.Cause);
            }
        }),
    };

    /// <summary>
    /// Python's <c>==</c> between two values, three-valued: null when an unknown part decides it. Raises
    /// the undefined error for an undefined part (StrictUndefined's <c>__eq__</c> raises).
    /// </summary>
    internal static bool? PyEquals(AnsibleValue a, AnsibleValue b)
    {
        ThrowIfUndefined(a);
        ThrowIfUndefined(b);
        if (ReferenceEquals(a, b) && a is not AnsibleFloat) return true;
        if (AsUnknown(a) is not null || AsUnknown(b) is not null) return null;
        if (TryNumber(a, out var x) && TryNumber(b, out var y)) return CompareNumbers(x, y) == 0;
        switch (a, b)
        {
            case (AnsibleString s, AnsibleString t):
                return s.Value == t.Value;
            case (AnsibleNull, AnsibleNull):
                return true;
            case (AnsibleTimestamp s, AnsibleTimestamp t):
                return s.HasTime == t.HasTime && s.IsoFormat() == t.IsoFormat();
            case (AnsibleList l, AnsibleList m):
                if (l.Items.Length != m.Items.Length) return false;
                bool? result = true;
                for (var i = 0; i < l.Items.Length; i++)
                {
                    var equal = PyEquals(l.Items[i], m.Items[i]);
                    if (equal == false) return false;
                    if (equal is null) result = null;
                }

                return result;
            case (AnsibleDict d, AnsibleDict e):
                if (d.Entries.Length != e.Entries.Length) return false;
                bool? same = true;
                foreach (var entry in d.Entries)
                {
                    var other = FindKey(e, entry.Key);
                    if (other is null) return FindUnknown(entry.Key) is null ? false : null;
                    var equal = PyEquals(entry.Value, other.Value.Value);
                    if (equal == false) return false;
                    if (equal is null) same = null;
                }

                return same;
            default:
                return false;
        }
    }

    /// <summary>
    /// The sign of <c>a</c> compared with <c>b</c> under Python 3's ordering rules, null when unordered
    /// (NaN: every comparison is false). <paramref name="symbol"/> names the operator in the TypeError.
    /// </summary>
    private static int? Order(AnsibleValue a, AnsibleValue b, string symbol)
    {
        ThrowIfUndefined(a);
        ThrowIfUndefined(b);
        if ((AsUnknown(a) ?? AsUnknown(b)) is { } unknown) throw new UnknownOperandException(unknown);
        if (TryNumber(a, out var x) && TryNumber(b, out var y)) return CompareNumbers(x, y);
        switch (a, b)
        {
            case (AnsibleString s, AnsibleString t):
                return Math.Sign(CompareCodePoints(s.Value, t.Value));
            case (AnsibleTimestamp s, AnsibleTimestamp t) when s.HasTime == t.HasTime:
                return Math.Sign(string.CompareOrdinal(s.IsoFormat(), t.IsoFormat()));
            case (AnsibleList l, AnsibleList m):
                // list_richcompare: the first pair that is not equal decides, else the lengths do.
                var count = Math.Min(l.Items.Length, m.Items.Length);
                for (var i = 0; i < count; i++)
                {
                    var equal = PyEquals(l.Items[i], m.Items[i]);
                    if (equal is null) throw new UnknownOperandException(FindUnknown(l.Items[i]) ?? FindUnknown(m.Items[i])!);
                    if (!equal.Value) return Order(l.Items[i], m.Items[i], symbol);
                }

                return l.Items.Length.CompareTo(m.Items.Length);
            default:
                throw new TemplateError($"'{symbol}' not supported between instances of '{TypeName(a)}' and '{TypeName(b)}'");
        }
    }

    private static string Symbol(CompareOperator op) => op switch
    {
        CompareOperator.Less => "<",
        CompareOperator.LessOrEqual => "<=",
        CompareOperator.Greater => ">",
        _ => ">=",
    };

    // ---------------------------------------------------------------- arithmetic

    /// <summary>Python's <c>a + b</c>: numbers, str + str, list + list.</summary>
    public static AnsibleValue Add(AnsibleValue left, AnsibleValue right) => Binary(left, right, static (a, b) =>
    {
        if (TryNumber(a, out var x) && TryNumber(b, out var y))
        {
            return x.IsFloat || y.IsFloat ? new AnsibleFloat(ToDouble(x) + ToDouble(y)) : AnsibleInt.Of(x.Int + y.Int);
        }

        switch (a, b)
        {
            case (AnsibleString s, AnsibleString t):
                CheckLength((long)s.Value.Length + t.Value.Length);
                return new AnsibleString(s.Value + t.Value);
            case (AnsibleList l, AnsibleList m):
                CheckItems((long)l.Items.Length + m.Items.Length);
                return new AnsibleList(l.Items.AddRange(m.Items));
            case (AnsibleString, _):
                throw new TemplateError($"can only concatenate str (not \"{TypeName(b)}\") to str");
            case (AnsibleList, _):
                throw new TemplateError($"can only concatenate list (not \"{TypeName(b)}\") to list");
            default:
                throw Unsupported("+", a, b);
        }
    });

    /// <summary>Python's <c>a - b</c> (numbers only).</summary>
    public static AnsibleValue Subtract(AnsibleValue left, AnsibleValue right) => Binary(left, right, static (a, b) =>
    {
        if (!TryNumber(a, out var x) || !TryNumber(b, out var y)) throw Unsupported("-", a, b);
        return x.IsFloat || y.IsFloat ? new AnsibleFloat(ToDouble(x) - ToDouble(y)) : AnsibleInt.Of(x.Int - y.Int);
    });

    /// <summary>Python's <c>a * b</c>: numbers, and a str or list repeated an int number of times (bounded by <see cref="MaxResultLength"/>).</summary>
    public static AnsibleValue Multiply(AnsibleValue left, AnsibleValue right) => Binary(left, right, static (a, b) =>
    {
        if (TryNumber(a, out var x) && TryNumber(b, out var y))
        {
            return x.IsFloat || y.IsFloat ? new AnsibleFloat(ToDouble(x) * ToDouble(y)) : AnsibleInt.Of(x.Int * y.Int);
        }

        if (a is AnsibleString or AnsibleList) return Repeat(a, b);
        if (b is AnsibleString or AnsibleList) return Repeat(b, a);
        throw Unsupported("*", a, b);
    });

    /// <summary>Python's <c>a / b</c>: always a float.</summary>
    public static AnsibleValue TrueDivide(AnsibleValue left, AnsibleValue right) => Binary(left, right, static (a, b) =>
    {
        if (!TryNumber(a, out var x) || !TryNumber(b, out var y)) throw Unsupported("/", a, b);
        if (x.IsFloat || y.IsFloat)
        {
            var divisor = ToDouble(y);
            if (divisor == 0) throw new TemplateError("float division by zero");
            return new AnsibleFloat(ToDouble(x) / divisor);
        }

        if (y.Int.IsZero) throw new TemplateError("division by zero");
        return new AnsibleFloat(DivideIntegers(x.Int, y.Int));
    });

    /// <summary>Python's <c>a // b</c>: floor division.</summary>
    public static AnsibleValue FloorDivide(AnsibleValue left, AnsibleValue right) => Binary(left, right, static (a, b) =>
    {
        if (!TryNumber(a, out var x) || !TryNumber(b, out var y)) throw Unsupported("//", a, b);
        if (x.IsFloat || y.IsFloat)
        {
            var (quotient, _) = FloatDivMod(ToDouble(x), ToDouble(y), "float floor division by zero");
            return new AnsibleFloat(quotient);
        }

        if (y.Int.IsZero) throw new TemplateError("integer division or modulo by zero");
        return AnsibleInt.Of(FloorDiv(x.Int, y.Int));
    });

    /// <summary>Python's <c>a % b</c>: modulo with the divisor's sign, or printf-style formatting with a string on the left.</summary>
    public static AnsibleValue Modulo(AnsibleValue left, AnsibleValue right) => Binary(left, right, static (a, b) =>
    {
        if (a is AnsibleString format)
        {
            return FindUnknown(b) is { } unknown ? new AnsibleUnknown(unknown.Cause) : new AnsibleString(PythonFormat.Percent(format.Value, b));
        }

        if (!TryNumber(a, out var x) || !TryNumber(b, out var y)) throw Unsupported("%", a, b);
        if (x.IsFloat || y.IsFloat)
        {
            var (_, remainder) = FloatDivMod(ToDouble(x), ToDouble(y), "float modulo");
            return new AnsibleFloat(remainder);
        }

        if (y.Int.IsZero) throw new TemplateError("integer modulo by zero");
        return AnsibleInt.Of(x.Int - (FloorDiv(x.Int, y.Int) * y.Int));
    });

    /// <summary>Python's <c>a ** b</c>; integer results are bounded (<see cref="MaxPowerBits"/>), float overflow raises as Python does.</summary>
    public static AnsibleValue Power(AnsibleValue left, AnsibleValue right) => Binary(left, right, static (a, b) =>
    {
        if (!TryNumber(a, out var x) || !TryNumber(b, out var y)) throw Unsupported("** or pow()", a, b);
        if (!x.IsFloat && !y.IsFloat && y.Int.Sign >= 0)
        {
            if (x.Int.IsZero || x.Int.IsOne || y.Int.IsZero) return AnsibleInt.Of(y.Int.IsZero ? BigInteger.One : x.Int);
            if (x.Int == BigInteger.MinusOne) return AnsibleInt.Of(y.Int.IsEven ? BigInteger.One : BigInteger.MinusOne);
            if (y.Int > MaxPowerBits || x.Int.GetBitLength() * (long)y.Int > MaxPowerBits)
            {
                throw new TemplateError($"result too large: {Str(a)} ** {Str(b)} has more than {MaxPowerBits} bits (VarTrace's limit)");
            }

            return AnsibleInt.Of(BigInteger.Pow(x.Int, (int)y.Int));
        }

        var @base = ToDouble(x);
        var exponent = ToDouble(y);
        if (@base == 0 && exponent < 0) throw new TemplateError("0.0 cannot be raised to a negative power");
        if (@base < 0 && exponent != Math.Floor(exponent) && double.IsFinite(exponent))
        {
            // Python returns a complex number, which no Ansible value can hold.
            return new AnsibleUnknown($"{Str(a)} ** {Str(b)} is a complex number");
        }

        var result = Math.Pow(@base, exponent);
        if (double.IsInfinity(result) && double.IsFinite(@base) && double.IsFinite(exponent))
        {
            throw new TemplateError("(34, 'Numerical result out of range')");
        }

        return new AnsibleFloat(result);
    });

    /// <summary>Python's <c>-a</c>.</summary>
    public static AnsibleValue Negate(AnsibleValue operand) => Unary(operand, static a =>
    {
        if (!TryNumber(a, out var x)) throw new TemplateError($"bad operand type for unary -: '{TypeName(a)}'");
        return x.IsFloat ? new AnsibleFloat(-x.Float) : AnsibleInt.Of(-x.Int);
    });

    /// <summary>Python's <c>+a</c> (a bool becomes an int).</summary>
    public static AnsibleValue Positive(AnsibleValue operand) => Unary(operand, static a =>
    {
        if (!TryNumber(a, out var x)) throw new TemplateError($"bad operand type for unary +: '{TypeName(a)}'");
        return x.IsFloat ? a : AnsibleInt.Of(x.Int);
    });

    private static AnsibleValue Repeat(AnsibleValue sequence, AnsibleValue times)
    {
        if (times is not (AnsibleInt or AnsibleBool)) throw new TemplateError($"can't multiply sequence by non-int of type '{TypeName(times)}'");
        TryNumber(times, out var n);
        var count = n.Int.Sign <= 0 ? 0 : n.Int;
        if (sequence is AnsibleString s)
        {
            if (count.IsZero || s.Value.Length == 0) return AnsibleString.Empty;
            CheckLength(s.Value.Length * count);
            return new AnsibleString(new StringBuilder(s.Value.Length * (int)count).Insert(0, s.Value, (int)count).ToString());
        }

        var list = (AnsibleList)sequence;
        if (count.IsZero || list.Items.IsEmpty) return AnsibleList.Empty;
        CheckItems(list.Items.Length * count);
        var builder = ImmutableArray.CreateBuilder<AnsibleValue>(list.Items.Length * (int)count);
        for (var i = 0; i < count; i++) builder.AddRange(list.Items);
        return new AnsibleList(builder.MoveToImmutable());
    }

    // ---------------------------------------------------------------- membership and iteration

    /// <summary>
    /// Python's <c>item in container</c>: a substring of a string, an element of a list (by <c>==</c>),
    /// a key of a dict. Decided (true) when a known element matches even if others are unknown.
    /// </summary>
    public static AnsibleValue Contains(AnsibleValue container, AnsibleValue item) => Binary(container, item, static (c, x) =>
    {
        switch (c)
        {
            case AnsibleString s:
                if (x is not AnsibleString sub) throw new TemplateError($"'in <string>' requires string as left operand, not {TypeName(x)}");
                return AnsibleBool.Of(s.Value.Contains(sub.Value, StringComparison.Ordinal));
            case AnsibleList list:
                AnsibleUnknown? unknown = null;
                foreach (var element in list.Items)
                {
                    var equal = PyEquals(element, x);
                    if (equal == true) return AnsibleBool.True;
                    if (equal is null) unknown ??= FindUnknown(element) ?? FindUnknown(x);
                }

                return unknown is null ? AnsibleBool.False : new AnsibleUnknown(unknown.Cause);
            case AnsibleDict dict:
                if (x is AnsibleList or AnsibleDict) throw new TemplateError($"unhashable type: '{TypeName(x)}'");
                if (FindKey(dict, x) is not null) return AnsibleBool.True;
                return dict.Entries.FirstOrDefault(e => AsUnknown(e.Key) is not null).Key is { } unknownKey ? Unknown(unknownKey) : AnsibleBool.False;
            default:
                throw new TemplateError($"argument of type '{TypeName(c)}' is not iterable");
        }
    });

    /// <summary>
    /// The items a <c>for</c> loop, <c>map</c> or <c>join</c> sees: a list's items, a dict's keys, a
    /// string's characters (code points). Null when the value is unknown.
    /// </summary>
    /// <exception cref="TemplateError">The value is undefined or not iterable (<c>'int' object is not iterable</c>).</exception>
    public static ImmutableArray<AnsibleValue>? ToIterable(AnsibleValue value)
    {
        switch (value)
        {
            case AnsibleUndefined undefined:
                throw UndefinedError(undefined);
            case AnsibleUnknown or AnsibleVault:
                return null;
            case AnsibleList list:
                return list.Items;
            case AnsibleDict dict:
                var keys = ImmutableArray.CreateBuilder<AnsibleValue>(dict.Entries.Length);
                foreach (var entry in dict.Entries) keys.Add(entry.Key);
                return keys.MoveToImmutable();
            case AnsibleString s:
                var chars = ImmutableArray.CreateBuilder<AnsibleValue>(s.Value.Length);
                foreach (var rune in s.Value.EnumerateRunes()) chars.Add(Char(rune));
                return chars.ToImmutable();
            default:
                throw new TemplateError($"'{TypeName(value)}' object is not iterable");
        }
    }

    /// <summary>Python's <c>len(value)</c> of a known value (a string counts code points).</summary>
    /// <exception cref="TemplateError">The value has no length (<c>object of type 'int' has no len()</c>).</exception>
    public static int Len(AnsibleValue value) => value switch
    {
        AnsibleUndefined undefined => throw UndefinedError(undefined),
        AnsibleString s => CodePointCount(s.Value),
        AnsibleList list => list.Items.Length,
        AnsibleDict dict => dict.Entries.Length,
        _ => throw new TemplateError($"object of type '{TypeName(value)}' has no len()"),
    };

    // ---------------------------------------------------------------- attribute and item access

    /// <summary>
    /// Jinja's <c>environment.getattr(obj, name)</c> for <c>obj.name</c>: a Python attribute first (on a
    /// dict, <c>d.items</c> is the method even when the dict has a key <c>items</c>), then the item
    /// <c>obj['name']</c>, else an undefined value with Jinja's message
    /// (<c>'dict object' has no attribute 'name'</c>). A method that is read without being called comes
    /// back as an unknown naming it (Ansible would print <c>&lt;built-in method ...&gt;</c>).
    /// </summary>
    public static AnsibleValue GetAttribute(AnsibleValue obj, string name)
    {
        if (obj is AnsibleUndefined) return obj;
        if (AsUnknown(obj) is not null) return Lift(obj, o => GetAttribute(o, name));
        if (IsMethod(obj, name)) return MethodValue(obj, name);
        if (obj is AnsibleDict dict && dict.Get(name) is { } value) return value;
        return NoAttribute(obj, name);
    }

    /// <summary>
    /// Jinja's <c>environment.getitem(obj, key)</c> for <c>obj[key]</c>: a dict key (Python equality:
    /// <c>d[1]</c> finds the key <c>1.0</c>), a list or string index (negative counts from the end), else
    /// for a string key the attribute, else an undefined value (<c>'list object' has no element 5</c>).
    /// </summary>
    public static AnsibleValue GetItem(AnsibleValue obj, AnsibleValue key)
    {
        if (obj is AnsibleUndefined) return obj;
        ThrowIfUndefined(key);
        if (AsUnknown(obj) is not null || AsUnknown(key) is not null) return Lift(obj, key, GetItem);
        switch (obj)
        {
            case AnsibleDict dict when key is not (AnsibleList or AnsibleDict):
                if (FindKey(dict, key) is { } entry) return entry.Value;
                if (FindUnknown(key) is null && dict.Entries.Any(e => AsUnknown(e.Key) is not null)) return Unknown(dict.Entries.First(e => AsUnknown(e.Key) is not null).Key);
                break;
            case AnsibleList list when key is AnsibleInt or AnsibleBool:
                if (ResolveIndex(key, list.Items.Length) is { } index) return list.Items[index];
                break;
            case AnsibleString s when key is AnsibleInt or AnsibleBool:
                if (!HasSurrogates(s.Value))
                {
                    if (ResolveIndex(key, s.Value.Length) is { } i) return Char(new Rune(s.Value[i]));
                }
                else
                {
                    var runes = s.Value.EnumerateRunes().ToArray();
                    if (ResolveIndex(key, runes.Length) is { } i) return Char(runes[i]);
                }

                break;
        }

        if (key is AnsibleString name) return IsMethod(obj, name.Value) ? MethodValue(obj, name.Value) : NoAttribute(obj, name.Value);
        return NoElement(obj, PythonRepr.Repr(key));
    }

    /// <summary>
    /// <c>obj[start:stop:step]</c> with Python's slice rules on a list or string (null or <c>None</c>
    /// for an omitted part). Anything else is an undefined value, as Jinja's <c>getitem</c> makes it.
    /// </summary>
    /// <exception cref="TemplateError">The step is zero (<c>slice step cannot be zero</c>).</exception>
    public static AnsibleValue Slice(AnsibleValue obj, AnsibleValue? start, AnsibleValue? stop, AnsibleValue? step)
    {
        if (obj is AnsibleUndefined) return obj;
        AnsibleValue[] parts = [start ?? AnsibleNull.Instance, stop ?? AnsibleNull.Instance, step ?? AnsibleNull.Instance];
        foreach (var part in parts) ThrowIfUndefined(part);
        if ((AsUnknown(obj) ?? parts.Select(AsUnknown).FirstOrDefault(u => u is not null)) is { } unknown) return new AnsibleUnknown(unknown.Cause);
        var sliceRepr = $"slice({PythonRepr.Repr(parts[0])}, {PythonRepr.Repr(parts[1])}, {PythonRepr.Repr(parts[2])})";
        if (parts.Any(p => p is not (AnsibleNull or AnsibleInt or AnsibleBool))) return NoElement(obj, sliceRepr);
        var stepValue = parts[2] is AnsibleNull ? BigInteger.One : IntOf(parts[2]);
        if (stepValue.IsZero) throw new TemplateError("slice step cannot be zero");
        int length;
        Rune[]? runes = null;
        switch (obj)
        {
            case AnsibleList list:
                length = list.Items.Length;
                break;
            case AnsibleString s:
                runes = s.Value.EnumerateRunes().ToArray();
                length = runes.Length;
                break;
            default:
                return NoElement(obj, sliceRepr);
        }

        var indices = SliceIndices(parts[0], parts[1], stepValue, length);
        if (runes is not null)
        {
            var text = new StringBuilder();
            foreach (var i in indices) text.Append(runes[i].ToString());
            return new AnsibleString(text.ToString());
        }

        var items = ((AnsibleList)obj).Items;
        var result = ImmutableArray.CreateBuilder<AnsibleValue>();
        foreach (var i in indices) result.Add(items[i]);
        return new AnsibleList(result.ToImmutable());
    }

    /// <summary>True when <paramref name="name"/> is a Python method of the value's type (which Jinja's <c>getattr</c> finds before any dict key).</summary>
    public static bool IsMethod(AnsibleValue obj, string name) => obj switch
    {
        AnsibleString => PythonMethods.StrMethods.Contains(name),
        AnsibleDict => PythonMethods.DictMethods.Contains(name),
        AnsibleList => PythonMethods.ListMethods.Contains(name),
        AnsibleInt or AnsibleBool => PythonMethods.IntMethods.Contains(name),
        AnsibleFloat => PythonMethods.FloatMethods.Contains(name),
        _ => false,
    };

    /// <summary>
    /// <c>obj.name(*args, **kwargs)</c> for the Python methods Ansible templates commonly call: str
    /// (<c>split rsplit join strip lstrip rstrip lower upper startswith endswith replace format find
    /// count capitalize title splitlines isdigit zfill ljust rjust center removeprefix removesuffix isalpha isalnum
    /// isspace islower isupper</c>), dict (<c>items keys values get</c>) and list
    /// (<c>index count</c>). <c>dict.items()</c> and friends return lists (Python's views print
    /// differently, but iterate the same).
    /// </summary>
    /// <exception cref="TemplateError">
    /// The method does not exist (Jinja's undefined error, <c>'str object' has no attribute 'foo'</c>),
    /// exists in Python but is not modelled here, or raises in Python.
    /// </exception>
    public static AnsibleValue CallMethod(AnsibleValue obj, string name, ImmutableArray<AnsibleValue> args, ImmutableDictionary<string, AnsibleValue> kwargs)
    {
        ThrowIfUndefined(obj);
        foreach (var arg in args) ThrowIfUndefined(arg);
        foreach (var arg in kwargs.Values) ThrowIfUndefined(arg);
        if (AsUnknown(obj) is { } unknown) return new AnsibleUnknown(unknown.Cause);
        if (!IsMethod(obj, name))
        {
            if (obj is AnsibleDict dict && dict.Get(name) is { } value)
            {
                // A dict key holding a value, then called: Python raises TypeError.
                throw new TemplateError($"'{TypeName(value)}' object is not callable");
            }

            throw UndefinedError((AnsibleUndefined)NoAttribute(obj, name));
        }

        return PythonMethods.Call(obj, name, args, kwargs);
    }

    // ---------------------------------------------------------------- helpers shared with filters

    /// <summary>The Python type name of a value as error messages show it (<c>int</c>, <c>str</c>, <c>NoneType</c>).</summary>
    public static string TypeName(AnsibleValue value) => value.PythonType;

    /// <summary>An unknown caused by the first unknown found in <paramref name="values"/>.</summary>
    internal static AnsibleUnknown Unknown(params ReadOnlySpan<AnsibleValue> values)
    {
        foreach (var value in values)
        {
            if (FindUnknown(value) is { } unknown) return new AnsibleUnknown(unknown.Cause);
        }

        throw new InvalidOperationException("no unknown operand");
    }

    /// <summary>Finds the entry whose key equals <paramref name="key"/> under Python's <c>==</c> (dict lookup).</summary>
    internal static KeyValuePair<AnsibleValue, AnsibleValue>? FindKey(AnsibleDict dict, AnsibleValue key)
    {
        foreach (var entry in dict.Entries)
        {
            if (PyEquals(entry.Key, key) == true) return entry;
        }

        return null;
    }

    /// <summary>A number as Python sees it (a bool is the int 0 or 1).</summary>
    internal readonly record struct Number(BigInteger Int, double Float, bool IsFloat);

    /// <summary>Reads a bool, int or float.</summary>
    internal static bool TryNumber(AnsibleValue value, out Number number)
    {
        switch (value)
        {
            case AnsibleInt i:
                number = new Number(i.Value, 0, false);
                return true;
            case AnsibleBool b:
                number = new Number(b.Value ? BigInteger.One : BigInteger.Zero, 0, false);
                return true;
            case AnsibleFloat f:
                number = new Number(BigInteger.Zero, f.Value, true);
                return true;
            default:
                number = default;
                return false;
        }
    }

    /// <summary>Python's <c>float(int)</c>.</summary>
    /// <exception cref="TemplateError"><c>int too large to convert to float</c>.</exception>
    internal static double ToDouble(Number number)
    {
        if (number.IsFloat) return number.Float;
        var result = (double)number.Int;
        if (double.IsInfinity(result)) throw new TemplateError("int too large to convert to float");
        return result;
    }

    /// <summary>The int value of an <see cref="AnsibleInt"/> or <see cref="AnsibleBool"/>.</summary>
    internal static BigInteger IntOf(AnsibleValue value) => value switch
    {
        AnsibleInt i => i.Value,
        AnsibleBool b => b.Value ? BigInteger.One : BigInteger.Zero,
        _ => throw new ArgumentException("not an int", nameof(value)),
    };

    /// <summary>Sign of <c>x - y</c> with Python's exact int/float comparison; null when a NaN makes them unordered.</summary>
    internal static int? CompareNumbers(Number x, Number y)
    {
        if (!x.IsFloat && !y.IsFloat) return x.Int.CompareTo(y.Int);
        if (x.IsFloat && y.IsFloat) return double.IsNaN(x.Float) || double.IsNaN(y.Float) ? null : x.Float.CompareTo(y.Float);
        if (x.IsFloat) return -CompareNumbers(y, x);

        // int with float: exact, as Python's float_richcompare does.
        var f = y.Float;
        if (double.IsNaN(f)) return null;
        if (double.IsInfinity(f)) return f > 0 ? -1 : 1;
        var floor = Math.Floor(f);
        var integral = new BigInteger(floor);
        var order = x.Int.CompareTo(integral);
        if (order != 0) return order;
        return floor == f ? 0 : -1;
    }

    /// <summary>Compares two strings by Unicode code point, as Python does (UTF-16 order differs above U+FFFF).</summary>
    internal static int CompareCodePoints(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] == b[i]) continue;
            var x = char.IsSurrogate(a[i]) ? 0x10000 + a[i] : a[i];
            var y = char.IsSurrogate(b[i]) ? 0x10000 + b[i] : b[i];
            return x.CompareTo(y);
        }

        return a.Length.CompareTo(b.Length);
    }

    /// <summary>Python's <c>str(int)</c>, with CPython 3.11's 4300-digit limit.</summary>
    internal static string IntStr(BigInteger value)
    {
        // 14,300 bits hold at most 4305 digits: only near the limit is the exact count needed.
        if (value.GetBitLength() > 14_280)
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            if (text.TrimStart('-').Length > MaxIntStrDigits)
            {
                throw new TemplateError($"Exceeds the limit ({MaxIntStrDigits} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit");
            }

            return text;
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Raises when a string result would exceed <see cref="MaxResultLength"/>.</summary>
    internal static void CheckLength(BigInteger length)
    {
        if (length > MaxResultLength) throw new TemplateError($"result too large: {length} characters exceeds VarTrace's limit of {MaxResultLength}");
    }

    /// <summary>Raises when a list result would exceed <see cref="MaxResultItems"/>.</summary>
    internal static void CheckItems(BigInteger count)
    {
        if (count > MaxResultItems) throw new TemplateError($"result too large: {count} items exceeds VarTrace's limit of {MaxResultItems}");
    }

    /// <summary>A one-character string (ASCII ones are shared).</summary>
    internal static AnsibleString Char(Rune rune) =>
        rune.Value < AsciiChars.Length ? AsciiChars[rune.Value] : new AnsibleString(rune.ToString());

    /// <summary>True when the text has characters outside the BMP (so UTF-16 indices are not Python indices).</summary>
    internal static bool HasSurrogates(string text) => text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

    /// <summary>Python's <c>len(str)</c>.</summary>
    internal static int CodePointCount(string text)
    {
        if (!HasSurrogates(text)) return text.Length;
        var count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }

    /// <summary>Python's <c>str.isspace()</c> for one character (adds U+001C..U+001F to .NET's white space).</summary>
    internal static bool IsPythonSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    /// <summary>Jinja's undefined value for <c>obj.name</c> (<c>'dict object' has no attribute 'name'</c>).</summary>
    internal static AnsibleValue NoAttribute(AnsibleValue obj, string name) =>
        new AnsibleUndefined($"'{ObjectTypeRepr(obj)}' has no attribute {PythonRepr.Repr(new AnsibleString(name))}");

    /// <summary>Jinja's undefined value for <c>obj[key]</c> with a non-string key (<c>list object has no element 5</c>).</summary>
    internal static AnsibleValue NoElement(AnsibleValue obj, string keyRepr) =>
        new AnsibleUndefined($"{ObjectTypeRepr(obj)} has no element {keyRepr}");

    /// <summary>Jinja's <c>object_type_repr</c>: <c>None</c>, <c>dict object</c>, or the module-qualified class name.</summary>
    internal static string ObjectTypeRepr(AnsibleValue obj) => obj switch
    {
        AnsibleNull => "None",
        AnsibleString { IsUnsafe: true } => "ansible.utils.unsafe_proxy.AnsibleUnsafeText object",
        AnsibleTimestamp t => $"datetime.{t.PythonType} object",
        AnsibleVault => "ansible.parsing.yaml.objects.AnsibleVaultEncryptedUnicode object",
        _ => $"{obj.PythonType} object",
    };

    // ---------------------------------------------------------------- internals

    private static AnsibleValue MethodValue(AnsibleValue obj, string name) => new JinjaBoundMethod(obj, name);

    private static AnsibleValue Unary(AnsibleValue operand, Func<AnsibleValue, AnsibleValue> op)
    {
        ThrowIfUndefined(operand);
        return AsUnknown(operand) is null ? op(operand) : Lift(operand, op);
    }

    private static AnsibleValue Binary(AnsibleValue left, AnsibleValue right, Func<AnsibleValue, AnsibleValue, AnsibleValue> op)
    {
        ThrowIfUndefined(left);
        ThrowIfUndefined(right);
        return AsUnknown(left) is null && AsUnknown(right) is null ? op(left, right) : Lift(left, right, op);
    }

    private static AnsibleValue Lift(AnsibleValue operand, Func<AnsibleValue, AnsibleValue> op) =>
        Lift(operand, AnsibleNull.Instance, (a, _) => op(a));

    /// <summary>
    /// Applies <paramref name="op"/> to every combination of the operands' possible values: one result
    /// when all agree, an unknown listing them otherwise, a plain unknown when any is unknown or raises.
    /// </summary>
    private static AnsibleValue Lift(AnsibleValue left, AnsibleValue right, Func<AnsibleValue, AnsibleValue, AnsibleValue> op)
    {
        var leftUnknown = AsUnknown(left);
        var rightUnknown = AsUnknown(right);
        var cause = (leftUnknown ?? rightUnknown)!.Cause;
        var lefts = leftUnknown is null ? [left] : leftUnknown.PossibleValues;
        var rights = rightUnknown is null ? [right] : rightUnknown.PossibleValues;
        if (lefts.IsEmpty || rights.IsEmpty || lefts.Length * rights.Length > MaxPossibleCombinations) return new AnsibleUnknown(cause);
        var results = ImmutableArray.CreateBuilder<AnsibleValue>();
        foreach (var a in lefts)
        {
            foreach (var b in rights)
            {
                AnsibleValue result;
                try
                {
                    result = op(a, b);
                }
                catch (TemplateError)
                {
                    return new AnsibleUnknown(cause);
                }

                if (AsUnknown(result) is not null || result is AnsibleUndefined) return new AnsibleUnknown(cause);
                if (!results.Any(r => r.DeepEquals(result))) results.Add(result);
            }
        }

        return results.Count == 1 ? results[0] : new AnsibleUnknown(cause, results.ToImmutable());
    }

    private static TemplateError Unsupported(string symbol, AnsibleValue a, AnsibleValue b) =>
        new($"unsupported operand type(s) for {symbol}: '{TypeName(a)}' and '{TypeName(b)}'");

    private static BigInteger FloorDiv(BigInteger a, BigInteger b)
    {
        var quotient = BigInteger.DivRem(a, b, out var remainder);
        return !remainder.IsZero && (remainder.Sign < 0) != (b.Sign < 0) ? quotient - 1 : quotient;
    }

    /// <summary>CPython's <c>float_divmod</c> (<c>Objects/floatobject.c</c>).</summary>
    private static (double Quotient, double Remainder) FloatDivMod(double vx, double wx, string zeroMessage)
    {
        if (wx == 0) throw new TemplateError(zeroMessage);
        var mod = vx % wx;
        var div = (vx - mod) / wx;
        if (mod != 0)
        {
            if ((wx < 0) != (mod < 0))
            {
                mod += wx;
                div -= 1.0;
            }
        }
        else
        {
            mod = Math.CopySign(0.0, wx);
        }

        double floorDiv;
        if (div != 0)
        {
            floorDiv = Math.Floor(div);
            if (div - floorDiv > 0.5) floorDiv += 1.0;
        }
        else
        {
            floorDiv = Math.CopySign(0.0, vx / wx);
        }

        return (floorDiv, mod);
    }

    /// <summary>Python's correctly rounded <c>int / int</c>, exact for operands below 2**53.</summary>
    private static double DivideIntegers(BigInteger a, BigInteger b)
    {
        const long Exact = 1L << 53;
        if (BigInteger.Abs(a) < Exact && BigInteger.Abs(b) < Exact) return (double)a / (double)b;

        // Scale so the quotient keeps 64 significant bits, then convert once.
        var shift = (int)(b.GetBitLength() - a.GetBitLength() + 64);
        var quotient = shift >= 0 ? (a << shift) / b : a / (b << -shift);
        var result = (double)quotient * Math.Pow(2, -shift);
        if (double.IsInfinity(result)) throw new TemplateError("integer division result too large for a float");
        return result;
    }

    /// <summary>A Python index into a sequence of <paramref name="length"/>; null when out of range.</summary>
    private static int? ResolveIndex(AnsibleValue key, int length)
    {
        var index = IntOf(key);
        if (index < 0) index += length;
        return index >= 0 && index < length ? (int)index : null;
    }

    /// <summary>CPython's <c>PySlice_AdjustIndices</c>: the indices a slice selects.</summary>
    private static IEnumerable<int> SliceIndices(AnsibleValue start, AnsibleValue stop, BigInteger step, int length)
    {
        var forward = step.Sign > 0;
        long Clamp(AnsibleValue bound, long whenNone)
        {
            if (bound is AnsibleNull) return whenNone;
            var value = IntOf(bound);
            if (value < 0)
            {
                value += length;
                if (value < 0) return forward ? 0 : -1;
            }
            else if (value >= length)
            {
                return forward ? length : length - 1;
            }

            return (long)value;
        }

        var first = Clamp(start, forward ? 0 : length - 1);
        var last = Clamp(stop, forward ? length : -1);
        var stride = step > int.MaxValue ? int.MaxValue : step < -int.MaxValue ? -int.MaxValue : (long)step;
        if (forward)
        {
            for (var i = first; i < last; i += stride) yield return (int)i;
        }
        else
        {
            for (var i = first; i > last; i += stride) yield return (int)i;
        }
    }

    private static AnsibleString[] CreateAsciiChars()
    {
        var chars = new AnsibleString[128];
        for (var i = 0; i < chars.Length; i++) chars[i] = new AnsibleString(((char)i).ToString());
        return chars;
    }

    /// <summary>Carries an unknown out of a nested ordering comparison.</summary>
    private sealed class UnknownOperandException(AnsibleUnknown unknown) : Exception
    {
        public AnsibleUnknown Unknown { get; } = unknown;
    }
}
