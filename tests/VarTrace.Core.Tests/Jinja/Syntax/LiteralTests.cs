using System.Numerics;
using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Jinja.Syntax.Ast;

namespace VarTrace.Core.Tests.Jinja.Syntax;

public sealed class LiteralTests
{
    private static Expression Parse(string expression) => JinjaParser.Ansible.ParseExpression(expression);

    // Values as Python's unicode-escape codec gives them through Jinja 3.1.6's lexer.
    [Theory]
    [InlineData("'plain'", "plain")]
    [InlineData("\"double\"", "double")]
    [InlineData("'a\\nb\\tc'", "a\nb\tc")]
    [InlineData("'\\a\\b\\f\\v\\r'", "\a\b\f\v\r")]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("\"say \\\"hi\\\"\"", "say \"hi\"")]
    [InlineData("'\\\\'", "\\")]
    [InlineData("'\\x41\\101\\u00e9\\U0001F600'", "AAé😀")]
    [InlineData("'\\0'", "\0")]
    [InlineData("'\\777'", "\u01ff")]
    [InlineData("'\\d\\.\\w'", "\\d\\.\\w")]
    [InlineData("'\\é'", "\\xe9")]
    [InlineData("'\\€'", "\\u20ac")]
    [InlineData("'a\\\nb'", "ab")]
    [InlineData("'a\r\nb'", "a\nb")]
    [InlineData("'é😀'", "é😀")]
    [InlineData("'a' \"b\" 'c'", "abc")]
    [InlineData("'^(.*)_name$'", "^(.*)_name$")]
    public void StringLiteral_DecodesLikePython(string source, string expected) =>
        Assert.Equal(expected, Assert.IsType<StringLiteral>(Parse(source)).Value);

    [Theory]
    [InlineData("0", "0")]
    [InlineData("42", "42")]
    [InlineData("1_000_000", "1000000")]
    [InlineData("0x_ff", "255")]
    [InlineData("0XFF", "255")]
    [InlineData("0o777", "511")]
    [InlineData("0b1010", "10")]
    [InlineData("0_0", "0")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    public void IntegerLiteral_IsPythonInt(string source, string expected) =>
        Assert.Equal(BigInteger.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Assert.IsType<IntegerLiteral>(Parse(source)).Value);

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1E-2", 0.01)]
    [InlineData("1_0.2_5", 10.25)]
    [InlineData("2.5e+2", 250.0)]
    [InlineData("1e400", double.PositiveInfinity)]
    public void FloatLiteral_IsPythonFloat(string source, double expected) =>
        Assert.Equal(expected, Assert.IsType<FloatLiteral>(Parse(source)).Value);

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    public void BooleanLiteral_AcceptsBothSpellings(string source, bool expected) =>
        Assert.Equal(expected, Assert.IsType<BooleanLiteral>(Parse(source)).Value);

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    public void NoneLiteral_AcceptsBothSpellings(string source) => Assert.IsType<NoneLiteral>(Parse(source));

    [Theory]
    [InlineData("TRUE")]
    [InlineData("NONE")]
    [InlineData("nulL")]
    [InlineData("_private")]
    [InlineData("café")]
    public void OtherWords_AreNames(string source) => Assert.Equal(source, Assert.IsType<NameExpression>(Parse(source)).Name);

    [Theory]
    [InlineData("1.", "expected a name or a number after `.`, found end of template")]
    [InlineData("012", "unexpected `12` after the expression")]
    [InlineData("1__0", "unexpected `__0` after the expression")]
    [InlineData("0b2", "unexpected `b2` after the expression")]
    public void NumberRules_FollowJinjasLexer(string source, string message) =>
        Assert.Equal(message, Assert.Throws<JinjaSyntaxException>(() => Parse(source)).Error.Message);
}
