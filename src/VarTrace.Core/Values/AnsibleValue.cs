using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;

namespace VarTrace.Core.Values;

/// <summary>
/// A value as Ansible holds it after loading (a Python object): the YAML 1.1 and INI typing has
/// already been applied, templates are still raw strings. Values form a DAG: a YAML alias shares the
/// value of its anchor instead of copying it, so an alias bomb stays small.
/// </summary>
public abstract class AnsibleValue
{
    private protected AnsibleValue() { }

    /// <summary>The Python type name Ansible's <c>type_debug</c> filter reports for this value.</summary>
    public abstract string PythonType { get; }

    /// <summary>True when some string inside this value contains Jinja markup (<c>{{</c>, <c>{%</c> or <c>{#</c>).</summary>
    public abstract bool IsTemplated { get; }

    /// <summary>True when this value is, or holds at any depth, an <see cref="AnsibleUnknown"/> (cached for lists and dicts).</summary>
    public virtual bool ContainsUnknown => this is AnsibleUnknown;

    /// <summary>Structural equality with Python semantics (<c>1 == 1.0</c> is not used: types must match).</summary>
    public abstract bool DeepEquals(AnsibleValue other);

    /// <summary>True when <paramref name="text"/> contains Jinja markup, the test Ansible's templar uses.</summary>
    public static bool HasJinjaMarkup(string text)
    {
        // One pass for `{`, then a look at the next character: rules ask this of every definition
        // of every context.
        var rest = text.AsSpan();
        for (var brace = rest.IndexOf('{'); brace >= 0 && brace + 1 < rest.Length; brace = rest.IndexOf('{'))
        {
            if (rest[brace + 1] is '{' or '%' or '#') return true;
            rest = rest[(brace + 1)..];
        }

        return false;
    }
}

/// <summary>Python <c>None</c> (YAML <c>~</c>, <c>null</c>, empty value).</summary>
public sealed class AnsibleNull : AnsibleValue
{
    private AnsibleNull() { }

    /// <summary>The one instance.</summary>
    public static AnsibleNull Instance { get; } = new();

    /// <inheritdoc />
    public override string PythonType => "NoneType";

    /// <inheritdoc />
    public override bool IsTemplated => false;

    /// <inheritdoc />
    public override bool DeepEquals(AnsibleValue other) => other is AnsibleNull;
}

/// <summary>Python <c>bool</c>.</summary>
public sealed class AnsibleBool : AnsibleValue
{
    private AnsibleBool(bool value) => Value = value;

    /// <summary>The <c>True</c> singleton.</summary>
    public static AnsibleBool True { get; } = new(true);

    /// <summary>The <c>False</c> singleton.</summary>
    public static AnsibleBool False { get; } = new(false);

    /// <summary>Returns one of the two singletons.</summary>
    public static AnsibleBool Of(bool value) => value ? True : False;

    /// <summary>The boolean.</summary>
    public bool Value { get; }

    /// <inheritdoc />
    public override string PythonType => "bool";

    /// <inheritdoc />
    public override bool IsTemplated => false;

    /// <inheritdoc />
    public override bool DeepEquals(AnsibleValue other) => other is AnsibleBool b && b.Value == Value;
}

/// <summary>Python <c>int</c>: arbitrary precision, as YAML and <c>ast.literal_eval</c> produce.</summary>
public sealed class AnsibleInt : AnsibleValue
{
    private static readonly AnsibleInt[] SmallValues = CreateSmallValues();

    private AnsibleInt(BigInteger value) => Value = value;

    /// <summary>The integer.</summary>
    public BigInteger Value { get; }

    /// <summary>Returns a cached instance for small values.</summary>
    public static AnsibleInt Of(BigInteger value) =>
        value >= 0 && value < SmallValues.Length ? SmallValues[(int)value] : new AnsibleInt(value);

    /// <inheritdoc />
    public override string PythonType => "int";

    /// <inheritdoc />
    public override bool IsTemplated => false;

    /// <inheritdoc />
    public override bool DeepEquals(AnsibleValue other) => other is AnsibleInt i && i.Value == Value;

    private static AnsibleInt[] CreateSmallValues()
    {
        var values = new AnsibleInt[1024];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = new AnsibleInt(i);
        }

        return values;
    }
}

/// <summary>Python <c>float</c>.</summary>
public sealed class AnsibleFloat(double value) : AnsibleValue
{
    /// <summary>The number.</summary>
    public double Value { get; } = value;

    /// <inheritdoc />
    public override string PythonType => "float";

    /// <inheritdoc />
    public override bool IsTemplated => false;

    /// <inheritdoc />
    public override bool DeepEquals(AnsibleValue other) =>
        other is AnsibleFloat f && (f.Value.Equals(Value));

    /// <summary>The value as Python's <c>repr</c> writes it (<c>1.0</c>, <c>inf</c>, <c>nan</c>).</summary>
    public string PythonRepr()
    {
        if (double.IsPositiveInfinity(Value)) return "inf";
        if (double.IsNegativeInfinity(Value)) return "-inf";
        if (double.IsNaN(Value)) return "nan";
        if (Value == 0) return double.IsNegative(Value) ? "-0.0" : "0.0";

        // Python's repr: the shortest round-tripping digits (which "R" also gives), written in fixed
        // notation when the decimal point falls within -4 < decpt <= 16, else as d.ddde+XX.
        var roundTrip = Math.Abs(Value).ToString("R", CultureInfo.InvariantCulture);
        var (digits, decpt) = Digits(roundTrip);
        var sign = Value < 0 ? "-" : string.Empty;
        if (decpt > -4 && decpt <= 16)
        {
            if (decpt <= 0) return $"{sign}0.{new string('0', -decpt)}{digits}";
            if (decpt >= digits.Length) return $"{sign}{digits}{new string('0', decpt - digits.Length)}.0";
            return $"{sign}{digits[..decpt]}.{digits[decpt..]}";
        }

        var exponent = decpt - 1;
        var mantissa = digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}";
        return $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):D2}";
    }

    /// <summary>Splits .NET's round-trip text into significant digits and the decimal point's position.</summary>
    private static (string Digits, int DecimalPoint) Digits(string roundTrip)
    {
        var exponent = 0;
        var e = roundTrip.IndexOfAny(['E', 'e']);
        var mantissa = roundTrip;
        if (e >= 0)
        {
            exponent = int.Parse(roundTrip.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = roundTrip[..e];
        }

        var dot = mantissa.IndexOf('.');
        var integerPart = dot < 0 ? mantissa : mantissa[..dot];
        var fraction = dot < 0 ? string.Empty : mantissa[(dot + 1)..];
        var all = integerPart + fraction;
        var decpt = integerPart.Length + exponent;
        var leadingZeros = all.Length - all.TrimStart('0').Length;
        all = all.TrimStart('0').TrimEnd('0');
        return (all.Length == 0 ? "0" : all, decpt - leadingZeros);
    }
}

/// <summary>
/// Python <c>str</c>. <see cref="IsUnsafe"/> marks text Ansible never templates (<c>!unsafe</c>,
/// registered results).
/// </summary>
public sealed class AnsibleString(string value, bool isUnsafe = false, bool isNativeText = false) : AnsibleValue
{
    /// <summary>The empty string.</summary>
    public static AnsibleString Empty { get; } = new(string.Empty);

    /// <summary>The text.</summary>
    public string Value { get; } = value;

    /// <summary>True for <c>!unsafe</c> text, which Ansible passes through without templating.</summary>
    public bool IsUnsafe { get; } = isUnsafe;

    /// <summary>
    /// True for Ansible 2.14's <c>NativeJinjaText</c> (what <c>string</c>, <c>to_json</c> and <c>to_yaml</c>
    /// return): when it is a template's whole output it is never converted back to a list or dict.
    /// </summary>
    public bool IsNativeText { get; } = isNativeText;

    /// <inheritdoc />
    public override string PythonType => IsUnsafe ? "AnsibleUnsafeText" : "str";

    /// <inheritdoc />
    public override bool IsTemplated => !IsUnsafe && HasJinjaMarkup(Value);

    /// <inheritdoc />
    public override bool DeepEquals(AnsibleValue other) =>
        other is AnsibleString s && s.Value == Value && s.IsUnsafe == IsUnsafe;
}

/// <summary>
/// A YAML 1.1 timestamp (<c>2001-12-14</c>), which PyYAML loads as a <c>date</c> or <c>datetime</c>.
/// Kept as its text; Ansible hands the object to modules, and JSON shows its ISO form.
/// </summary>
public sealed partial class AnsibleTimestamp(string text, bool hasTime) : AnsibleValue
{
    /// <summary>The timestamp as written.</summary>
    public string Text { get; } = text;

    /// <summary>True for a <c>datetime</c>, false for a plain <c>date</c>.</summary>
    public bool HasTime { get; } = hasTime;

    /// <inheritdoc />
    public override string PythonType => HasTime ? "datetime" : "date";

    /// <summary>
    /// Python's <c>isoformat()</c> of the object PyYAML builds (<c>2001-12-14T21:59:43.100000-05:00</c>),
    /// which is how Ansible's JSON encoder writes dates.
    /// </summary>
    public string IsoFormat()
    {
        if (Parse() is not { } t) return Text;
        var date = $"{t.Year:D4}-{t.Month:D2}-{t.Day:D2}";
        if (t.Hour is not { } hour) return date;

        // isoformat omits a zero fraction.
        var time = $"{hour:D2}:{t.Minute:D2}:{t.Second:D2}{(t.Microsecond == 0 ? string.Empty : $".{t.Microsecond:D6}")}";
        var zone = t.OffsetSeconds is not { } offset ? string.Empty : $"{(offset < 0 ? '-' : '+')}{Math.Abs(offset) / 3600:D2}:{Math.Abs(offset) / 60 % 60:D2}";
        return $"{date}T{time}{zone}";
    }

    /// <summary>
    /// Python's <c>repr()</c> of the object PyYAML builds, as <c>str()</c> of a list or dict shows
    /// it: <c>datetime.date(2001, 12, 14)</c>, or <c>datetime.datetime(2001, 12, 14, 21, 59, 43,
    /// 100000, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=68400)))</c> (a zero
    /// microsecond, then a zero second, is left out; an offset of zero is <c>timezone.utc</c>).
    /// </summary>
    public string PythonRepr()
    {
        if (Parse() is not { } t) return $"datetime.{PythonType}({Text})";
        List<int> fields = [t.Year, t.Month, t.Day];
        if (t.Hour is not { } hour) return $"datetime.date({string.Join(", ", fields)})";
        fields.AddRange([hour, t.Minute, t.Second, t.Microsecond]);
        if (fields[^1] == 0) fields.RemoveAt(fields.Count - 1);
        if (fields[^1] == 0) fields.RemoveAt(fields.Count - 1);
        var zone = t.OffsetSeconds switch
        {
            null => string.Empty,
            0 => ", tzinfo=datetime.timezone.utc",
            var offset => $", tzinfo=datetime.timezone({TimedeltaRepr(offset.Value)})",
        };
        return $"datetime.datetime({string.Join(", ", fields)}{zone})";
    }

    /// <summary>The fields PyYAML's <c>construct_yaml_timestamp</c> reads, or null when the text is not a timestamp.</summary>
    private Fields? Parse()
    {
        var match = TimestampPattern().Match(Text);
        if (!match.Success) return null;
        var g = match.Groups;
        int Number(string group) => int.Parse(g[group].Value, CultureInfo.InvariantCulture);
        if (!g["H"].Success) return new Fields(Number("y"), Number("m"), Number("d"), null, 0, 0, 0, null);

        // PyYAML keeps at most six fraction digits, padded.
        var fraction = g["f"].Value.Length > 6 ? g["f"].Value[..6] : g["f"].Value.PadRight(6, '0');
        int? offset = !g["z"].Success ? null
            : g["z"].Value is "Z" ? 0
            : (g["sign"].Value == "-" ? -1 : 1) * ((Number("zh") * 3600) + (g["zm"].Success ? Number("zm") * 60 : 0));
        return new Fields(Number("y"), Number("m"), Number("d"), Number("H"), Number("M"), Number("S"), int.Parse(fraction, CultureInfo.InvariantCulture), offset);
    }

    private readonly record struct Fields(int Year, int Month, int Day, int? Hour, int Minute, int Second, int Microsecond, int? OffsetSeconds);

    /// <summary><c>repr(timedelta(seconds=...))</c>: days and seconds, negative days for a negative span.</summary>
    private static string TimedeltaRepr(int totalSeconds)
    {
        var days = (int)Math.Floor(totalSeconds / 86400.0);
        var seconds = totalSeconds - (days * 86400);
        var parts = new List<string>();
        if (days != 0) parts.Add($"days={days}");
        if (seconds != 0) parts.Add($"seconds={seconds}");
        return $"datetime.timedelta({string.Join(", ", parts)})";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d\d?)-(?<d>\d\d?)(?:(?:[Tt]|[ \t]+)(?<H>\d\d?):(?<M>\d\d):(?<S>\d\d)(?:\.(?<f>\d*))?(?:[ \t]*(?<z>Z|(?<sign>[-+])(?<zh>\d\d?)(?::(?<zm>\d\d))?))?)?$")]
    private static partial System.Text.RegularExpressions.Regex TimestampPattern();

    /// <inheritdoc />
    public override bool IsTemplated => false;

    /// <inheritdoc />
    public override bool DeepEquals(AnsibleValue other) =>
        other is AnsibleTimestamp t && t.Text == Text && t.HasTime == HasTime;
}

/// <summary>
/// A <c>!vault</c> value. VarTrace never decrypts: the plaintext is unknowable by design.
/// </summary>
public sealed class AnsibleVault(string cipherText) : AnsibleValue
{
    /// <summary>The <c>$ANSIBLE_VAULT;...</c> envelope as written.</summary>
    public string CipherText { get; } = cipherText;

    /// <inheritdoc />
    public override string PythonType => "AnsibleVaultEncryptedUnicode";

    /// <inheritdoc />
    public override bool IsTemplated => false;

    /// <inheritdoc />
    public override bool DeepEquals(AnsibleValue other) => other is AnsibleVault v && v.CipherText == CipherText;
}

/// <summary>
/// Python <c>list</c>, or a <c>tuple</c> that a template built (<see cref="IsTuple"/>): both reach a
/// task as a JSON array, only their <c>repr</c> and type name differ.
/// </summary>
public sealed class AnsibleList(ImmutableArray<AnsibleValue> items, bool isTuple = false) : AnsibleValue
{
    private bool? _isTemplated;
    private bool? _containsUnknown;

    /// <summary>The empty list.</summary>
    public static AnsibleList Empty { get; } = new([]);

    /// <summary>The items in order.</summary>
    public ImmutableArray<AnsibleValue> Items { get; } = items;

    /// <summary>True for a Python tuple (<c>(1, 2)</c>, what <c>zip</c> and <c>str.partition</c> give).</summary>
    public bool IsTuple { get; } = isTuple;

    /// <inheritdoc />
    public override string PythonType => IsTuple ? "tuple" : "list";

    /// <inheritdoc />
    public override bool IsTemplated => _isTemplated ??= Items.Any(static i => i.IsTemplated);

    /// <inheritdoc />
    public override bool ContainsUnknown => _containsUnknown ??= Items.Any(static i => i.ContainsUnknown);

    /// <inheritdoc />
    public override bool DeepEquals(AnsibleValue other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is not AnsibleList list || list.Items.Length != Items.Length) return false;
        for (var i = 0; i < Items.Length; i++)
        {
            if (!Items[i].DeepEquals(list.Items[i])) return false;
        }

        return true;
    }
}

/// <summary>
/// Python <c>dict</c>: insertion-ordered, keys are values (YAML allows <c>1: x</c>), later
/// duplicate keys replace earlier ones in place, as PyYAML's constructor does.
/// </summary>
public sealed class AnsibleDict : AnsibleValue
{
    private readonly Lazy<ImmutableArray<KeyValuePair<AnsibleValue, AnsibleValue>>> _entries;
    private bool? _isTemplated;
    private bool? _containsUnknown;

    /// <summary>Creates a dict from entries whose keys are already distinct.</summary>
    public AnsibleDict(ImmutableArray<KeyValuePair<AnsibleValue, AnsibleValue>> entries) => _entries = new(entries);

    /// <summary>
    /// Creates a dict whose entries are computed on first access (Ansible's <c>hostvars</c>, which
    /// computes a host's variables only when a template reads them). Its values are already
    /// templated, so it never counts as templated.
    /// </summary>
    public AnsibleDict(Func<ImmutableArray<KeyValuePair<AnsibleValue, AnsibleValue>>> entries)
    {
        _entries = new(entries, LazyThreadSafetyMode.None);
        _isTemplated = false;
    }

    /// <summary>The empty dict.</summary>
    public static AnsibleDict Empty { get; } = new([]);

    /// <summary>The entries in insertion order.</summary>
    public ImmutableArray<KeyValuePair<AnsibleValue, AnsibleValue>> Entries => _entries.Value;

    /// <inheritdoc />
    public override string PythonType => "dict";

    /// <inheritdoc />
    public override bool IsTemplated =>
        _isTemplated ??= Entries.Any(static e => e.Key.IsTemplated || e.Value.IsTemplated);

    /// <inheritdoc />
    public override bool ContainsUnknown => _containsUnknown ??= Entries.Any(static e => e.Value.ContainsUnknown);

    /// <summary>Looks up a string key.</summary>
    public AnsibleValue? Get(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key is AnsibleString s && s.Value == key) return entry.Value;
        }

        return null;
    }

    /// <inheritdoc />
    public override bool DeepEquals(AnsibleValue other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is not AnsibleDict dict || dict.Entries.Length != Entries.Length) return false;
        foreach (var entry in Entries)
        {
            var match = dict.Entries.FirstOrDefault(e => e.Key.DeepEquals(entry.Key));
            if (match.Key is null || !match.Value.DeepEquals(entry.Value)) return false;
        }

        return true;
    }
}
