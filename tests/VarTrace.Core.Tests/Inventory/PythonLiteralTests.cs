using VarTrace.Core.Inventory;
using VarTrace.Core.Model;
using VarTrace.Core.Values;
using static VarTrace.Core.Tests.Inventory.InventoryTestSupport;

namespace VarTrace.Core.Tests.Inventory;

/// <summary>
/// The literal_eval cases ansible-inventory cannot print as JSON (sets, complex numbers, huge ints) and
/// the limits of CPython's parser.
/// </summary>
public sealed class PythonLiteralTests
{
    private static readonly SourceLocation At = new("hosts", 1, 4);

    // Checked with ansible 2.14.18: `ansible h1 -i file -c local -m debug -a 'msg={{ v | type_debug }} {{ v }}'`
    // reports sets {1, 2} and {1, 3} for these. VarTrace keeps the distinct members in source order
    // (CPython orders a set by hash), so {3, 1, True} is [3, 1] here and {1, 3} in Ansible.
    [Theory]
    [InlineData("{1,2,2}", "[1,2]")]
    [InlineData("{3, 1, True}", "[3,1]")]
    [InlineData("set()", "[]")]
    [InlineData("{(1, 2), (1, 2)}", "[[1,2]]")]
    public void Set_BecomesListOfDistinctMembers(string written, string json)
    {
        AssertMatchesJson(json, PythonLiteral.Evaluate(written, At)!);
    }

    // Checked with ansible 2.14.18 (debug + type_debug as above): 1j and (1+2j) are complex, `...` is
    // Ellipsis, [b'x'] keeps a bytes object, '\N{BULLET}' is "•" (ansible-inventory prints it). None of
    // these has an AnsibleValue, so VarTrace stops instead of guessing.
    [Theory]
    [InlineData("1j", "complex number")]
    [InlineData("1+2j", "complex number")]
    [InlineData("-1.5-2j", "complex number")]
    [InlineData("[07j]", "complex number")]
    [InlineData("...", "Ellipsis")]
    [InlineData("[b'x']", "bytes literal inside a container")]
    [InlineData("b'\\xff'", "not UTF-8")]
    [InlineData("'\\N{BULLET}'", "\\N{...}")]
    public void UnrepresentableLiteral_IsAnError(string written, string message)
    {
        var error = Assert.Throws<VarTraceException>(() => PythonLiteral.Evaluate(written, At));

        Assert.Contains(message, error.Message);
        Assert.Equal(At, error.Location);
    }

    // Checked with ansible-inventory 2.14.18: both make the INI plugin fail with
    // "unhashable type: 'list'" (literal_eval raises TypeError, which the plugin does not catch).
    [Theory]
    [InlineData("{[1]: 2}")]
    [InlineData("{1, [2]}")]
    public void UnhashableKeyOrMember_IsAnError(string written)
    {
        var error = Assert.Throws<VarTraceException>(() => PythonLiteral.Evaluate(written, At));

        Assert.Contains("unhashable list", error.Message);
    }

    // Checked with ansible-inventory 2.14.18: a list nested 200 deep is a list, 201 deep stays a string
    // ("too many nested parentheses"); a 4301-digit decimal stays a string, while 4300 digits and a
    // 5000-digit hex literal are ints (shown by type_debug; ansible-inventory cannot print them).
    [Theory]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public void Nesting_IsLimitedLikeCPython(int depth, bool isList)
    {
        var text = new string('[', depth) + new string(']', depth);

        var value = PythonLiteral.Evaluate(text, At);

        Assert.Equal(isList, value is AnsibleList);
    }

    [Theory]
    [InlineData("1", 4300, true)]
    [InlineData("1", 4301, false)]
    [InlineData("f", 5000, true)]
    public void LongIntegers_AreLimitedLikeCPython(string digit, int count, bool isInt)
    {
        var text = (digit == "f" ? "0x" : string.Empty) + string.Concat(Enumerable.Repeat(digit, count));

        var value = PythonLiteral.Evaluate(text, At);

        Assert.Equal(isInt, value is AnsibleInt);
    }

    // literal_eval on text containing NUL raises ValueError in CPython 3.11, so the raw text is kept.
    [Fact]
    public void NulCharacter_KeepsRawText()
    {
        Assert.Null(PythonLiteral.Evaluate("'a\0b'", At));
    }

    // Python's int(str), used for ansible_group_priority and range bounds; checked with
    // /usr/bin/python3 3.11.2 (ansible-core's interpreter): int(' 1_0 ') == 10, int('0_7') == 7,
    // int('-3') == -3, and int('0x10'), int('1__0'), int('_1'), int('') raise ValueError.
    [Theory]
    [InlineData(" 1_0 ", "10")]
    [InlineData("0_7", "7")]
    [InlineData("-3", "-3")]
    [InlineData("+007", "7")]
    [InlineData("0x10", null)]
    [InlineData("1__0", null)]
    [InlineData("_1", null)]
    [InlineData("", null)]
    [InlineData("1.5", null)]
    public void IntConstructor_FollowsPython(string text, string? expected)
    {
        Assert.Equal(expected, PythonLiteral.ParseIntConstructor(text)?.ToString());
    }
}
