using VarTrace.Core.Values;
using static VarTrace.Core.Tests.Inventory.InventoryTestSupport;

namespace VarTrace.Core.Tests.Inventory;

/// <summary>Value typing of the INI inventory plugin: shlex for host lines, then ast.literal_eval or the raw text.</summary>
public sealed class IniTypingTests
{
    // Checked with ansible-inventory 2.14.18 (Debian bookworm, Python 3.11.2): every case was written as
    // `hNNN v=<written>` into one INI file and the second column is the compact JSON of `v` from
    // `ansible-inventory -i file --list --export` (Python's json writes floats with `.` or an exponent).
    [Theory]
    [InlineData(@"5", @"5")]
    [InlineData(@"0x10", @"16")]
    [InlineData(@"0X1f", @"31")]
    [InlineData(@"0o17", @"15")]
    [InlineData(@"0b101", @"5")]
    [InlineData(@"1_000", @"1000")]
    [InlineData(@"-5", @"-5")]
    [InlineData(@"+5", @"5")]
    [InlineData(@"00", @"0")]
    [InlineData(@"1.5", @"1.5")]
    [InlineData(@"1e3", @"1000.0")]
    [InlineData(@"1E-5", @"1e-05")]
    [InlineData(@".5", @"0.5")]
    [InlineData(@"1.", @"1.0")]
    [InlineData(@"1.e5", @"100000.0")]
    [InlineData(@"1_0.5", @"10.5")]
    [InlineData(@"True", @"true")]
    [InlineData(@"False", @"false")]
    [InlineData(@"None", @"null")]
    [InlineData(@"[1,2]", @"[1,2]")]
    [InlineData(@"""{'a': 1}""", @"{""a"":1}")]
    [InlineData(@"""'x'""", @"""x""")]
    [InlineData(@"'""x""'", @"""x""")]
    [InlineData(@"yes", @"""yes""")]
    [InlineData(@"FALSE", @"""FALSE""")]
    [InlineData(@"true", @"""true""")]
    [InlineData(@"0755", @"""0755""")]
    [InlineData(@"0_7", @"""0_7""")]
    [InlineData(@"1_", @"""1_""")]
    [InlineData(@"1__0", @"""1__0""")]
    [InlineData(@"0x", @"""0x""")]
    [InlineData(@"1e", @"""1e""")]
    [InlineData(@"hello", @"""hello""")]
    [InlineData(@"'5'", @"5")]
    [InlineData(@"""5""", @"5")]
    [InlineData(@"""'5'""", @"""5""")]
    [InlineData(@"""(1,2)""", @"[1,2]")]
    [InlineData(@"1,2", @"[1,2]")]
    [InlineData(@"1,", @"[1]")]
    [InlineData(@"""()""", @"[]")]
    [InlineData(@"[]", @"[]")]
    [InlineData(@"{}", @"{}")]
    [InlineData(@"""'a' 'b'""", @"""ab""")]
    [InlineData(@"""b'xy'""", @"""xy""")]
    [InlineData(@"--5", @"""--5""")]
    [InlineData(@"-True", @"""-True""")]
    [InlineData(@"-1.5", @"-1.5")]
    [InlineData(@"""[1, 'a', None]""", @"[1,""a"",null]")]
    [InlineData(@"""{1: 2, True: 3}""", @"{""1"":3}")]
    [InlineData(@"""{1: 'a', 1.0: 'b'}""", @"{""1"":""b""}")]
    [InlineData(@"''", @"""""")]
    [InlineData(@"""u'uni'""", @"""uni""")]
    [InlineData(@"""r'raw\n'""", @"""raw\\n""")]
    [InlineData(@"""'esc\\n\\x41\\u00e9'""", @"""esc\nAé""")]
    [InlineData(@"""'\\q'""", @"""\\q""")]
    [InlineData(@"""'\\101'""", @"""A""")]
    [InlineData(@"""'''tri'''""", @"""tri""")]
    [InlineData(@"""[[1, [2]], {'k': (3, 4)}]""", @"[[1,[2]],{""k"":[3,4]}]")]
    [InlineData(@"1+2", @"""1+2""")]
    [InlineData(@"""1 + 2""", @"""1 + 2""")]
    [InlineData(@"f'x'", @"""fx""")]
    [InlineData(@"abc.def", @"""abc.def""")]
    [InlineData(@"""a b""", @"""a b""")]
    [InlineData(@"0.0", @"0.0")]
    [InlineData(@"-0", @"0")]
    [InlineData(@"'{{ x }}'", @"""{{ x }}""")]
    [InlineData(@"{{x}}", @"""{{x}}""")]
    [InlineData(@"99999999999999999999999", @"99999999999999999999999")]
    [InlineData(@"""'a\""'""", @"""a\""""")]
    [InlineData(@"5#comment", @"5")]
    [InlineData(@"""[1,]""", @"[1]")]
    [InlineData(@"""{'a': 1,}""", @"{""a"":1}")]
    [InlineData(@"""'x' # c""", @"""x""")]
    public void HostLineValue_IsTypedLikeAnsible(string written, string ansibleJson)
    {
        var data = ParseIni($"[g]\nh v={written}\n");

        AssertMatchesJson(ansibleJson, VarOf(data.Hosts["h"].Vars, "v"));
    }

    // Checked with ansible-inventory 2.14.18: each case was `[gNNN]` + `[gNNN:vars]` + `v = <written>`
    // in one INI file; the second column is the JSON of the group's `v` from `--list --export`.
    [Theory]
    [InlineData(@"5", @"5")]
    [InlineData(@"hello", @"""hello""")]
    [InlineData(@"5 # comment", @"5")]
    [InlineData(@"hello # comment", @"""hello # comment""")]
    [InlineData(@"""quoted""", @"""quoted""")]
    [InlineData(@"'single'", @"""single""")]
    [InlineData(@"x = y", @"""x = y""")]
    [InlineData(@"'it''s'", @"""its""")]
    [InlineData(@"", @"""""")]
    [InlineData(@"0x_1f", @"31")]
    [InlineData(@"1, 2", @"[1,2]")]
    [InlineData(@"{'k': [1, 2]}", @"{""k"":[1,2]}")]
    [InlineData(@"True", @"true")]
    [InlineData(@"yes", @"""yes""")]
    [InlineData(@"None", @"null")]
    [InlineData(@"0755", @"""0755""")]
    [InlineData(@"[1, 'two', 3.0]", @"[1,""two"",3.0]")]
    [InlineData(@"""a"" ""b""", @"""ab""")]
    [InlineData(@"'{{ x }}'", @"""{{ x }}""")]
    [InlineData(@"{{ x }}", @"""{{ x }}""")]
    [InlineData(@"a=b", @"""a=b""")]
    [InlineData(@"'unterminated", @"""'unterminated""")]
    [InlineData(@"(1)", @"1")]
    [InlineData(@"-0.0", @"-0.0")]
    public void GroupVarsValue_IsTypedLikeAnsible(string written, string ansibleJson)
    {
        var data = ParseIni($"[g]\n[g:vars]\nv = {written}\n");

        AssertMatchesJson(ansibleJson, VarOf(data.Groups["g"].Vars, "v"));
    }

    // Checked with ansible-inventory 2.14.18: `h v=1e400` prints `"v": Infinity`.
    [Fact]
    public void HostLineValue_OverflowingFloat_IsInfinity()
    {
        var data = ParseIni("h v=1e400\n");

        Assert.Equal(double.PositiveInfinity, Assert.IsType<AnsibleFloat>(VarOf(data.Hosts["h"].Vars, "v")).Value);
    }
}
