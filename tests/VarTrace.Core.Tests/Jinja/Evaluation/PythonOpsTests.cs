using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Jinja.Syntax.Ast;
using VarTrace.Core.Values;

namespace VarTrace.Core.Tests.Jinja.Evaluation;

/// <summary>
/// Python/Jinja operator, item access and method semantics (<c>PythonOps</c>) against values recorded
/// from real Ansible by <c>record_ansible.py</c>.
/// </summary>
public sealed class PythonOpsTests
{
    /// <summary>
    /// Recorded from ansible-core 2.14.18 (Jinja2 3.1.2, Python 3.11.2): <c>a</c> and <c>b</c> are JSON
    /// (or YAML) literals, the expected value is what <c>to_json</c> printed and the type what
    /// <c>type_debug</c> printed; <c>error</c> rows hold a fragment of Ansible's message.
    /// </summary>
    [Theory]
    [InlineData("1", "2", "a + b", "3", "int")]
    [InlineData("1", "2.5", "a + b", "3.5", "float")]
    [InlineData("\"x\"", "\"y\"", "a + b", "\"xy\"", "str")]
    [InlineData("[1]", "[2, 3]", "a + b", "[1, 2, 3]", "list")]
    [InlineData("\"x\"", "1", "a + b", "can only concatenate str (not \"int\") to str", "error")]
    [InlineData("1", "\"x\"", "a + b", "unsupported operand type(s) for +: 'int' and 'str'", "error")]
    [InlineData("[1]", "\"x\"", "a + b", "can only concatenate list (not \"str\") to list", "error")]
    [InlineData("true", "1", "a + b", "2", "int")]
    [InlineData("{\"k\": 1}", "{\"k\": 2}", "a + b", "unsupported operand type(s) for +: 'dict' and 'dict'", "error")]
    [InlineData("5", "3", "a - b", "2", "int")]
    [InlineData("5.5", "2", "a - b", "3.5", "float")]
    [InlineData("\"a\"", "\"b\"", "a - b", "unsupported operand type(s) for -: 'str' and 'str'", "error")]
    [InlineData("6", "7", "a * b", "42", "int")]
    [InlineData("\"ab\"", "3", "a * b", "\"ababab\"", "str")]
    [InlineData("3", "\"ab\"", "a * b", "\"ababab\"", "str")]
    [InlineData("[1, 2]", "2", "a * b", "[1, 2, 1, 2]", "list")]
    [InlineData("\"ab\"", "-1", "a * b", "\"\"", "str")]
    [InlineData("\"ab\"", "2.0", "a * b", "can't multiply sequence by non-int of type 'float'", "error")]
    [InlineData("\"x\"", "true", "a * b", "\"x\"", "str")]
    [InlineData("7", "2", "a / b", "3.5", "float")]
    [InlineData("6", "3", "a / b", "2.0", "float")]
    [InlineData("1", "0", "a / b", "division by zero", "error")]
    [InlineData("1.0", "0", "a / b", "float division by zero", "error")]
    [InlineData("7", "2", "a // b", "3", "int")]
    [InlineData("-7", "2", "a // b", "-4", "int")]
    [InlineData("7.5", "2", "a // b", "3.0", "float")]
    [InlineData("-7.5", "2", "a // b", "-4.0", "float")]
    [InlineData("1", "0", "a // b", "integer division or modulo by zero", "error")]
    [InlineData("1.0", "0", "a // b", "float floor division by zero", "error")]
    [InlineData("7", "3", "a % b", "1", "int")]
    [InlineData("-7", "3", "a % b", "2", "int")]
    [InlineData("7", "-3", "a % b", "-2", "int")]
    [InlineData("-7.5", "2", "a % b", "0.5", "float")]
    [InlineData("1", "0", "a % b", "integer modulo by zero", "error")]
    [InlineData("1.5", "0", "a % b", "float modulo", "error")]
    [InlineData("2", "10", "a ** b", "1024", "int")]
    [InlineData("2", "-1", "a ** b", "0.5", "float")]
    [InlineData("2.0", "0.5", "a ** b", "1.4142135623730951", "float")]
    [InlineData("0", "-1", "a ** b", "0.0 cannot be raised to a negative power", "error")]
    [InlineData("10.0", "400", "a ** b", "(34, 'Numerical result out of range')", "error")]
    [InlineData("\"%s-%s\"", "[\"x\", 2]", "a % (b[0], b[1])", "\"x-2\"", "str")]
    [InlineData("\"%05.1f|%-4d|%x\"", "[3.14159, 7, 255]", "a % (b[0], b[1], b[2])", "\"003.1|7   |ff\"", "str")]
    [InlineData("\"%(k)s=%(v)r\"", "{\"k\": \"a\", \"v\": \"b\"}", "a % b", "\"a='b'\"", "str")]
    [InlineData("\"%s\"", "[1, 2]", "a % b", "\"[1, 2]\"", "str")]
    [InlineData("\"%d\"", "\"x\"", "a % b", "%d format: a real number is required, not str", "error")]
    [InlineData("\"%s %s\"", "[\"x\"]", "a % (b[0],)", "not enough arguments for format string", "error")]
    [InlineData("\"%s\"", "[\"x\", \"y\"]", "a % b", "\"['x', 'y']\"", "str")]
    [InlineData("5", "0", "-a", "-5", "int")]
    [InlineData("\"x\"", "0", "-a", "bad operand type for unary -: 'str'", "error")]
    [InlineData("true", "0", "-a", "-1", "int")]
    [InlineData("1", "1.0", "a == b", "true", "bool")]
    [InlineData("1", "true", "a == b", "true", "bool")]
    [InlineData("\"1\"", "1", "a == b", "false", "bool")]
    [InlineData("[1, [2]]", "[1, [2.0]]", "a == b", "true", "bool")]
    [InlineData("{\"a\": 1, \"b\": 2}", "{\"b\": 2, \"a\": 1}", "a == b", "true", "bool")]
    [InlineData("null", "null", "a == b", "true", "bool")]
    [InlineData("1", "2", "a != b", "true", "bool")]
    [InlineData("1", "2.5", "a < b", "true", "bool")]
    [InlineData("\"a\"", "\"B\"", "a < b", "false", "bool")]
    [InlineData("\"a\"", "1", "a < b", "'<' not supported between instances of 'str' and 'int'", "error")]
    [InlineData("[1, 2]", "[1, 3]", "a < b", "true", "bool")]
    [InlineData("[1, 2]", "[1]", "a > b", "true", "bool")]
    [InlineData("[1, \"x\"]", "[1, 2]", "a < b", "'<' not supported between instances of 'str' and 'int'", "error")]
    [InlineData("true", "0", "a > b", "true", "bool")]
    [InlineData("null", "1", "a < b", "'<' not supported between instances of 'NoneType' and 'int'", "error")]
    [InlineData("{}", "{}", "a < b", "'<' not supported between instances of 'dict' and 'dict'", "error")]
    [InlineData("2", "2", "a <= b", "true", "bool")]
    [InlineData("\"b\"", "\"a\"", "a >= b", "true", "bool")]
    [InlineData("2", "[1, 2]", "a in b", "true", "bool")]
    [InlineData("\"bc\"", "\"abc\"", "a in b", "true", "bool")]
    [InlineData("\"k\"", "{\"k\": 1}", "a in b", "true", "bool")]
    [InlineData("1", "\"abc\"", "a in b", "'in <string>' requires string as left operand, not int", "error")]
    [InlineData("1", "2", "a in b", "argument of type 'int' is not iterable", "error")]
    [InlineData("1.0", "[1]", "a in b", "true", "bool")]
    [InlineData("3", "[1, 2]", "a not in b", "true", "bool")]
    [InlineData("1", "\"x\"", "a ~ b", "\"1x\"", "str")]
    [InlineData("[1]", "null", "a ~ b", "\"[1]None\"", "str")]
    [InlineData("true", "1.5", "a ~ b", "\"True1.5\"", "str")]
    [InlineData("{\"k\": [1, \"x\"]}", "\"k\"", "a[b]", "[1, \"x\"]", "list")]
    [InlineData("{\"k\": 1}", "\"k\"", "a.k", "1", "int")]
    [InlineData("{\"k\": 1}", "\"z\"", "a.z", "'dict object' has no attribute 'z'", "error")]
    [InlineData("{\"k\": 1}", "\"z\"", "a[b]", "'dict object' has no attribute 'z'", "error")]
    [InlineData("[10, 20, 30]", "-1", "a[b]", "30", "int")]
    [InlineData("[10, 20, 30]", "5", "a[b]", "list object has no element 5", "error")]
    [InlineData("[10, 20, 30]", "0", "a.0", "10", "int")]
    [InlineData("\"hello\"", "1", "a[b]", "\"e\"", "str")]
    [InlineData("{\"1\": \"s\", \"x\": 2}", "1", "a[b]", "dict object has no element 1", "error")]
    [InlineData("{\"items\": 5}", "\"items\"", "a['items'] is defined", "true", "bool")]
    [InlineData("[1, 2, 3, 4, 5]", "0", "a[1:4]", "[2, 3, 4]", "list")]
    [InlineData("[1, 2, 3, 4, 5]", "0", "a[::-1]", "[5, 4, 3, 2, 1]", "list")]
    [InlineData("[1, 2, 3, 4, 5]", "0", "a[-2:]", "[4, 5]", "list")]
    [InlineData("[1, 2, 3, 4, 5]", "0", "a[::2]", "[1, 3, 5]", "list")]
    [InlineData("\"abcdef\"", "0", "a[1:-1:2]", "\"bd\"", "str")]
    [InlineData("\"abc\"", "0", "a[::0]", "slice step cannot be zero", "error")]
    [InlineData("\"a,b,,c\"", "\",\"", "a.split(b)", "[\"a\", \"b\", \"\", \"c\"]", "list")]
    [InlineData("\"  a  b c \"", "0", "a.split()", "[\"a\", \"b\", \"c\"]", "list")]
    [InlineData("\"a b c\"", "1", "a.split(none, b)", "[\"a\", \"b c\"]", "list")]
    [InlineData("\"a,b,c\"", "1", "a.rsplit(',', b)", "[\"a,b\", \"c\"]", "list")]
    [InlineData("\"-\"", "[\"a\", \"b\"]", "a.join(b)", "\"a-b\"", "str")]
    [InlineData("\"-\"", "[\"a\", 1]", "a.join(b)", "sequence item 1: expected str instance, int found", "error")]
    [InlineData("\"xxhixx\"", "\"x\"", "a.strip(b)", "\"hi\"", "str")]
    [InlineData("\"  hi  \"", "0", "a.lstrip() ~ '|' ~ a.rstrip()", "\"hi  |  hi\"", "str")]
    [InlineData("\"MiXed\"", "0", "a.lower() ~ a.upper()", "\"mixedMIXED\"", "str")]
    [InlineData("\"hello.txt\"", "\".txt\"", "a.endswith(b)", "true", "bool")]
    [InlineData("\"hello\"", "[\"x\", \"he\"]", "a.startswith((b[0], b[1]))", "true", "bool")]
    [InlineData("\"aaa\"", "\"a\"", "a.replace(b, 'b', 2)", "\"bba\"", "str")]
    [InlineData("\"{} and {:>4}|{name}\"", "\"x\"", "a.format(1, b, name='n')", "\"1 and    x|n\"", "str")]
    [InlineData("\"{0:.2f} {0:,} {1!r}\"", "\"s\"", "a.format(1234.5, b)", "\"1234.50 1,234.5 's'\"", "str")]
    [InlineData("\"hello\"", "\"l\"", "a.find(b)", "2", "int")]
    [InlineData("\"hello\"", "\"l\"", "a.count(b)", "2", "int")]
    [InlineData("\"hello world\"", "0", "a.capitalize() ~ '|' ~ a.title()", "\"Hello world|Hello World\"", "str")]
    [InlineData("\"they're bill's\"", "0", "a.title()", "\"They'Re Bill'S\"", "str")]
    [InlineData("\"a\\nb\\r\\nc\"", "0", "a.splitlines()", "[\"a\", \"b\", \"c\"]", "list")]
    [InlineData("\"123\"", "\"12a\"", "a.isdigit() ~ b.isdigit()", "\"TrueFalse\"", "str")]
    [InlineData("{\"a\": 1, \"b\": 2}", "0", "a.items() | list", "[[\"a\", 1], [\"b\", 2]]", "list")]
    [InlineData("{\"a\": 1, \"b\": 2}", "0", "a.keys() | list", "[\"a\", \"b\"]", "list")]
    [InlineData("{\"a\": 1, \"b\": 2}", "0", "a.values() | list", "[1, 2]", "list")]
    [InlineData("{\"a\": 1}", "\"z\"", "a.get(b, 'dflt')", "\"dflt\"", "str")]
    [InlineData("{\"a\": 1}", "\"a\"", "a.get(b)", "1", "int")]
    [InlineData("[1, 2, 3, 2]", "2", "a.index(b)", "1", "int")]
    [InlineData("[1, 2, 3, 2]", "2", "a.count(b)", "2", "int")]
    [InlineData("[1, 2]", "9", "a.index(b)", "9 is not in list", "error")]
    [InlineData("\"-7\"", "0", "a.zfill(4) ~ a.rjust(4, '*') ~ a.center(5) ~ a.removeprefix('-')", "\"-007**-7  -7 7\"", "str")]
    [InlineData("\"abc\"", "0", "a.nosuchmethod()", "'str object' has no attribute 'nosuchmethod'", "error")]
    [InlineData("<undefined>", "1", "a + b", "'a' is undefined", "error")]
    [InlineData("<undefined>", "1", "a.b.c", "'a' is undefined", "error")]
    [InlineData("12345678901234567890", "3", "a * b", "37037036703703703670", "int")]
    [InlineData("0.1", "0.2", "a + b", "0.30000000000000004", "float")]
    [InlineData("1e16", "0", "a ~ ''", "\"1e+16\"", "str")]
    [InlineData("1.5e-05", "0", "a ~ ''", "\"1.5e-05\"", "str")]
    [InlineData("3", "2", "(a / b) ~ ''", "\"1.5\"", "str")]
    public void Expression_MatchesAnsible(string a, string b, string expression, string expected, string type) =>
        ExpressionHarness.Check(expression, new Dictionary<string, AnsibleValue>
        {
            ["a"] = ExpressionHarness.Load(a, "a"),
            ["b"] = ExpressionHarness.Load(b, "b"),
        }, expected, type);

    [Fact]
    public void UnknownOperand_PropagatesItsCause()
    {
        var fact = new AnsibleUnknown("`ansible_hostname` is a gathered fact");
        var result = Assert.IsType<AnsibleUnknown>(PythonOps.Add(fact, new AnsibleString("-suffix")));
        Assert.Equal(fact.Cause, result.Cause);
    }

    [Fact]
    public void UnknownWithPossibleValues_DecidesWhenAllAgree()
    {
        var either = new AnsibleUnknown("`env` depends on the host", [new AnsibleString("prod"), new AnsibleString("production")]);
        Assert.Same(AnsibleBool.True, PythonOps.Compare(CompareOperator.In, new AnsibleString("prod"), either));
        var lengths = Assert.IsType<AnsibleUnknown>(PythonOps.Concat(either, new AnsibleString("!")));
        Assert.Equal(2, lengths.PossibleValues.Length);
    }

    [Fact]
    public void Membership_IsDecidedByAKnownMatch()
    {
        var list = new AnsibleList([new AnsibleUnknown("a registered result"), AnsibleInt.Of(2)]);
        Assert.Same(AnsibleBool.True, PythonOps.Contains(list, AnsibleInt.Of(2)));
        Assert.IsType<AnsibleUnknown>(PythonOps.Contains(list, AnsibleInt.Of(3)));
    }

    [Fact]
    public void Repeat_BeyondTheSizeLimit_Raises()
    {
        var error = Assert.Throws<TemplateError>(() => PythonOps.Multiply(new AnsibleString("x"), AnsibleInt.Of(1_000_000_000)));
        Assert.StartsWith("result too large", error.Message, StringComparison.Ordinal);
        Assert.Throws<TemplateError>(() => PythonOps.Power(AnsibleInt.Of(10), AnsibleInt.Of(1_000_000)));
    }

    [Fact]
    public void UndefinedOperand_RaisesTheUndefinedError()
    {
        var error = Assert.Throws<TemplateError>(() => PythonOps.Truthy(AnsibleUndefined.ForName("nope")));
        Assert.True(error.IsUndefined);
        Assert.Equal("'nope' is undefined", error.Message);
    }

    [Fact]
    public void AttributeOfUndefined_IsTheSameUndefined()
    {
        var undefined = AnsibleUndefined.ForName("a");
        Assert.Same(undefined, PythonOps.GetAttribute(undefined, "b"));
        Assert.Same(undefined, PythonOps.GetItem(undefined, AnsibleInt.Of(0)));
    }

    [Fact]
    public void UnmodelledMethod_RaisesNamingIt()
    {
        var error = Assert.Throws<TemplateError>(() => PythonOps.CallMethod(new AnsibleString("x"), "casefold", [], System.Collections.Immutable.ImmutableDictionary<string, AnsibleValue>.Empty));
        Assert.Contains("str.casefold()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DictMethodName_WinsOverTheKey()
    {
        var dict = new AnsibleDict([new(new AnsibleString("items"), AnsibleInt.Of(1))]);
        Assert.Equal("builtin_function_or_method", PythonOps.GetAttribute(dict, "items").PythonType);
    }

    [Theory]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1.5e-05, "1.5e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(-0.0, "-0.0")]
    public void FloatRepr_MatchesPython(double value, string expected) => Assert.Equal(expected, PythonOps.FloatRepr(value));
}
