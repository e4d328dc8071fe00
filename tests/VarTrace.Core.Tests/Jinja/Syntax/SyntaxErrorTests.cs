using VarTrace.Core.Jinja.Syntax;

namespace VarTrace.Core.Tests.Jinja.Syntax;

public sealed class SyntaxErrorTests
{
    // Template, message, line:column of the error's start, and the text its span covers.
    [Theory]
    [InlineData("{{ a +", "expected an expression, found end of template", "1:7", "")]
    [InlineData("{{ a + }}", "expected an expression, found `}}`", "1:8", "}}")]
    [InlineData("{{ a | }}", "expected a filter name, found `}}`", "1:8", "}}")]
    [InlineData("{{ a is }}", "expected a test name, found `}}`", "1:9", "}}")]
    [InlineData("{{ }}", "expected an expression, found `}}`", "1:4", "}}")]
    [InlineData("{{ a", "expected `}}`, found end of template", "1:5", "")]
    [InlineData("{{ a b }}", "expected `}}`, found `b`", "1:6", "b")]
    [InlineData("{{ a.}}", "expected a name or a number after `.`, found `}}`", "1:6", "}}")]
    [InlineData("{{ |f }}", "expected an expression, found `|`", "1:4", "|")]
    [InlineData("{{ x is a is b }}", "tests cannot be chained with `is`: put the first test in parentheses", "1:11", "is")]
    [InlineData("{{ f(a=1, 2) }}", "invalid argument order: positional arguments come first, then keyword arguments, `*args` and `**kwargs`", "1:11", "2")]
    [InlineData("{{ f(**a, *b) }}", "invalid argument order: positional arguments come first, then keyword arguments, `*args` and `**kwargs`", "1:11", "*")]
    [InlineData("{{ 'abc }}", "string literal is never closed", "1:4", "'")]
    [InlineData("line one\n{{ \"abc }}", "string literal is never closed", "2:4", "\"")]
    [InlineData("{{ '\\x4' }}", "invalid escape `\\x4` in string literal", "1:5", "\\")]
    [InlineData("{{ '\\U00110000' }}", "invalid escape `\\U00110000` in string literal", "1:5", "\\")]
    [InlineData("{{ '\\N{BULLET}' }}", "`\\N{...}` escapes are not supported in string literals", "1:5", "\\")]
    [InlineData("{{ a ! b }}", "unexpected character `!`", "1:6", "!")]
    [InlineData("{{ a ? b }}", "unexpected character `?`", "1:6", "?")]
    [InlineData("{{ x }", "unexpected `}` without a matching opening bracket", "1:6", "}")]
    [InlineData("{{ x[0 }}", "unexpected `}`: expected `]` to close the open bracket", "1:8", "}")]
    [InlineData("{{ (a, b }}", "unexpected `}`: expected `)` to close the open bracket", "1:10", "}")]
    [InlineData("{{ {'a' 1} }}", "expected `:`, found `1`", "1:9", "1")]
    [InlineData("{{ [1 2] }}", "expected `,`, found `2`", "1:7", "2")]
    [InlineData("{# never closed", "comment is never closed: expected `#}`", "1:1", "{#")]
    [InlineData("a\n{%- raw %}x", "`raw` block is never closed: expected `{% endraw %}`", "2:1", "{%- raw %}")]
    [InlineData("{% if x %}", "`if` block is never closed: expected `elif`, `else` or `endif`", "1:1", "{% if x %}")]
    [InlineData("{% if x %}a{% else %}b", "`if` block is never closed: expected `endif`", "1:1", "{% if x %}")]
    [InlineData("x\n  {% for i in xs %}\n{{ i }}", "`for` block is never closed: expected `endfor` or `else`", "2:3", "{% for i in xs %}")]
    [InlineData("{% set x %}abc", "`set` block is never closed: expected `endset`", "1:1", "{% set x %}")]
    [InlineData("{% macro m() %}abc", "`macro` block is never closed: expected `endmacro`", "1:1", "{% macro m() %}")]
    [InlineData("{% endif %}", "`endif` does not close any open block", "1:1", "{% endif")]
    [InlineData("{% else %}", "`else` does not close any open block", "1:1", "{% else")]
    [InlineData("{% for x in y %}{% endif %}", "`endif` found where the open `for` block expects `endfor` or `else`", "1:17", "{% endif")]
    [InlineData("{% if a %}{% endfor %}", "`endfor` found where the open `if` block expects `elif`, `else` or `endif`", "1:11", "{% endfor")]
    [InlineData("{% frobnicate %}", "unknown tag `frobnicate`", "1:1", "{% frobnicate")]
    [InlineData("{% 'x' %}", "expected a tag name, found `'x'`", "1:4", "'x'")]
    [InlineData("{% %}", "expected a tag name, found `%}`", "1:4", "%}")]
    [InlineData("{% if %}{% endif %}", "expected an expression, found `%}`", "1:7", "%}")]
    [InlineData("{% if x y %}{% endif %}", "expected `%}`, found `y`", "1:9", "y")]
    [InlineData("{% if a if b else c %}{% endif %}", "expected `%}`, found `if`", "1:9", "if")]
    [InlineData("{% for x y %}{% endfor %}", "expected `in`, found `y`", "1:10", "y")]
    [InlineData("{% for 1 in y %}{% endfor %}", "`1` cannot be assigned to", "1:8", "1")]
    [InlineData("{% for a, (b, 'c') in y %}{% endfor %}", "`'c'` cannot be assigned to", "1:15", "'c'")]
    [InlineData("{% set x.y.z = 1 %}", "expected `%}`, found `.`", "1:11", ".")]
    [InlineData("{% set (ns.a, b) = 1 %}", "`ns.a` cannot be assigned to", "1:9", "ns.a")]
    [InlineData("{% set [a] = 1 %}", "`[a]` cannot be assigned to", "1:8", "[a]")]
    [InlineData("{% set x = %}", "expected an expression, found `%}`", "1:12", "%}")]
    [InlineData("{% if x %}{% endif extra %}", "expected `%}`, found `extra`", "1:20", "extra")]
    [InlineData("{{ x }}\n\n  {{ y +* z }}", "expected an expression, found `*`", "3:9", "*")]
    [InlineData("{{ x }}\r\n{{ y + }}", "expected an expression, found `}}`", "2:8", "}}")]
    public void InvalidTemplate_ReportsMessageAndPosition(string template, string message, string position, string spanText)
    {
        var error = Assert.Throws<JinjaSyntaxException>(() => JinjaParser.Ansible.ParseTemplate(template)).Error;

        Assert.Equal(message, error.Message);
        Assert.Equal(position, error.Position.ToString());
        Assert.Equal(spanText, error.Span.TextIn(template));
    }

    [Fact]
    public void TryParseTemplate_ReturnsErrorInsteadOfThrowing()
    {
        Assert.False(JinjaParser.Ansible.TryParseTemplate("{{ a +", out var tree, out var error));

        Assert.Null(tree);
        Assert.Equal("1:7: expected an expression, found end of template", error.ToString());
    }

    [Fact]
    public void TryParseExpression_ReturnsTreeWhenValid()
    {
        Assert.True(JinjaParser.Ansible.TryParseExpression("a | b", out var tree, out var error));

        Assert.Null(error);
        Assert.Equal("(a | b)", AstPrinter.Print(tree));
    }

    [Fact]
    public void ParseErrorBeforeLexError_IsReportedFirst()
    {
        // Jinja lexes lazily, so the first problem in reading order wins.
        var error = Assert.Throws<JinjaSyntaxException>(() => JinjaParser.Ansible.ParseTemplate("{{ a + }} {{ 'b }}")).Error;

        Assert.Equal("1:8", error.Position.ToString());
    }
}
