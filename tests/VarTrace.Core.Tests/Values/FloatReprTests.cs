using VarTrace.Core.Values;

namespace VarTrace.Core.Tests.Values;

/// <summary>Python's float repr, which Ansible uses whenever a float becomes text.</summary>
public sealed class FloatReprTests
{
    // Expected texts printed by python3.11 `repr(v)` on this machine.
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(123.456, "123.456")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(-2.5e-7, "-2.5e-07")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(9007199254740992.0, "9007199254740992.0")]
    [InlineData(100.0, "100.0")]
    [InlineData(1234567890123456.8, "1234567890123456.8")]
    [InlineData(0.0, "0.0")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NaN, "nan")]
    public void Float_IsWrittenAsPythonRepr(double value, string expected) =>
        Assert.Equal(expected, new AnsibleFloat(value).PythonRepr());
}
