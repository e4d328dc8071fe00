using System.Numerics;
using VarTrace.Core.Values;

namespace VarTrace.Core.Yaml;

/// <summary>
/// Equality of scalar dict keys as a Python dict sees it: <c>True == 1 == 1.0</c>, an
/// <c>!unsafe</c> string equals the same plain string, and PyYAML's single <c>.nan</c> object
/// equals itself. Timestamps compare by their text (Python compares instants; two spellings of one
/// instant as keys of one mapping are not worth modelling).
/// </summary>
internal sealed class PythonKeyComparer : IEqualityComparer<AnsibleValue>
{
    public static PythonKeyComparer Instance { get; } = new();

    private PythonKeyComparer() { }

    public bool Equals(AnsibleValue? x, AnsibleValue? y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x is null || y is null) return false;
        if (IsNumber(x) && IsNumber(y))
        {
            var (xInt, xFloat) = Numeric(x);
            var (yInt, yFloat) = Numeric(y);
            return xInt is { } a && yInt is { } b ? a == b : xFloat.Equals(yFloat);
        }

        return x switch
        {
            AnsibleString s => y is AnsibleString t && s.Value == t.Value,
            _ => x.DeepEquals(y),
        };
    }

    public int GetHashCode(AnsibleValue obj) => obj switch
    {
        AnsibleString s => s.Value.GetHashCode(StringComparison.Ordinal),
        AnsibleTimestamp t => t.Text.GetHashCode(StringComparison.Ordinal),
        AnsibleVault v => v.CipherText.GetHashCode(StringComparison.Ordinal),
        _ when IsNumber(obj) => Numeric(obj) is ({ } i, _) ? i.GetHashCode() : Numeric(obj).Float.GetHashCode(),
        _ => obj.GetType().GetHashCode(),
    };

    private static bool IsNumber(AnsibleValue value) => value is AnsibleBool or AnsibleInt or AnsibleFloat;

    /// <summary>The number as an integer when it is integral (so <c>1.0</c> meets <c>1</c>), else as a double.</summary>
    private static (BigInteger? Int, double Float) Numeric(AnsibleValue value) => value switch
    {
        AnsibleBool b => (b.Value ? BigInteger.One : BigInteger.Zero, 0),
        AnsibleInt i => (i.Value, 0),
        AnsibleFloat f when double.IsFinite(f.Value) && Math.Floor(f.Value) == f.Value => (new BigInteger(f.Value), 0),
        AnsibleFloat f => (null, f.Value),
        _ => throw new ArgumentException("not a number", nameof(value)),
    };
}
