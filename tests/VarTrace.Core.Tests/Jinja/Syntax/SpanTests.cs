using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Jinja.Syntax.Ast;

namespace VarTrace.Core.Tests.Jinja.Syntax;

public sealed class SpanTests
{
    // The text of every node under the output expression, parents first, separated by " ; ".
    [Theory]
    [InlineData("{{ a }}", "a")]
    [InlineData("{{ a + b * c }}", "a + b * c ; a ; b * c ; b ; c")]
    [InlineData("{{ (a + b) * c }}", "(a + b) * c ; a + b ; a ; b ; c")]
    [InlineData("{{ -x|abs }}", "-x|abs ; -x ; x")]
    [InlineData("{{ -x.y }}", "-x.y ; x.y ; x")]
    [InlineData("{{ not a }}", "not a ; a")]
    [InlineData("{{ x | default(y) | int }}", "x | default(y) | int ; x | default(y) ; x ; y")]
    [InlineData("{{ x|ansible.utils.ipaddr('net') }}", "x|ansible.utils.ipaddr('net') ; x ; 'net'")]
    [InlineData("{{ x is not defined }}", "x is not defined ; x is not defined ; x")]
    [InlineData("{{ x is divisibleby 3 }}", "x is divisibleby 3 ; x ; 3")]
    [InlineData("{{ a < b == c }}", "a < b == c ; a ; b ; c")]
    [InlineData("{{ a if b else c }}", "a if b else c ; a ; b ; c")]
    [InlineData("{{ a if b }}", "a if b ; a ; b")]
    [InlineData("{{ d['k'].v[1:2] }}", "d['k'].v[1:2] ; d['k'].v ; d['k'] ; d ; 'k' ; 1:2 ; 1 ; 2")]
    [InlineData("{{ x.0 }}", "x.0 ; x ; 0")]
    [InlineData("{{ f(1, k=v, *a, **kw) }}", "f(1, k=v, *a, **kw) ; f ; 1 ; v ; a ; kw")]
    [InlineData("{{ [1, (2, 3)] }}", "[1, (2, 3)] ; 1 ; (2, 3) ; 2 ; 3")]
    [InlineData("{{ {'a': b} }}", "{'a': b} ; 'a' ; b")]
    [InlineData("{{ 'a' 'b' }}", "'a' 'b'")]
    [InlineData("{{ a, b }}", "a, b ; a ; b")]
    [InlineData("{{ x[1, 2] }}", "x[1, 2] ; x ; 1, 2 ; 1 ; 2")]
    [InlineData("{{ lookup('env', 'HOME') }}", "lookup('env', 'HOME') ; lookup ; 'env' ; 'HOME'")]
    [InlineData("{{ 1.5e3 + 0x1F + true + none }}", "1.5e3 + 0x1F + true + none ; 1.5e3 + 0x1F + true ; 1.5e3 + 0x1F ; 1.5e3 ; 0x1F ; true ; none")]
    public void ExpressionNodes_SpanTheirSourceText(string template, string expected)
    {
        var output = Assert.IsType<OutputStatement>(Assert.Single(JinjaParser.Ansible.ParseTemplate(template).Body));

        var texts = NodeChildren.DescendantsAndSelf(output.Expression).Select(n => n.Span.TextIn(template));
        Assert.Equal(expected, string.Join(" ; ", texts));
    }

    [Theory]
    [InlineData("a {{ b }} c", "a  ; {{ b }} ;  c")]
    [InlineData("a {{- b -}} c", "a ; {{- b -}} ; c")]
    [InlineData("{% if x %}\nyes\n{% endif %}\n", "{% if x %}\nyes\n{% endif %}")]
    [InlineData("x {# c #} y", "x  ;  y")]
    [InlineData("{% raw %}{{ x }}{% endraw %}", "{{ x }}")]
    [InlineData("{% set x = 1 %}{% for i in x %}{% endfor %}", "{% set x = 1 %} ; {% for i in x %}{% endfor %}")]
    public void Statements_SpanTheirSourceText(string template, string expected)
    {
        var tree = JinjaParser.Ansible.ParseTemplate(template);

        Assert.Equal(expected, string.Join(" ; ", tree.Body.Select(s => s.Span.TextIn(template))));
    }

    [Fact]
    public void TextStatement_NormalisesLineBreaksButSpansTheOriginal()
    {
        const string template = "a\r\nb{{ x }}";

        var text = Assert.IsType<TextStatement>(JinjaParser.Ansible.ParseTemplate(template).Body[0]);

        Assert.Equal("a\nb", text.Text);
        Assert.Equal("a\r\nb", text.Span.TextIn(template));
    }

    [Fact]
    public void FilterAndTest_KeepTheirNameSpans()
    {
        const string template = "{{ x | ansible.builtin.default(1) is ansible.builtin.truthy }}";

        var test = Assert.IsType<TestExpression>(Assert.IsType<OutputStatement>(JinjaParser.Ansible.ParseTemplate(template).Body[0]).Expression);
        var filter = Assert.IsType<FilterExpression>(test.Operand);

        Assert.Equal("ansible.builtin.default", filter.NameSpan.TextIn(template));
        Assert.Equal("ansible.builtin.truthy", test.NameSpan.TextIn(template));
    }

    public static TheoryData<string> Corpus()
    {
        var data = new TheoryData<string>();
        foreach (var template in new[]
                 {
                     "{% for k, v in d.items() if v recursive %}{{ loop.index }}{% else %}-{% endfor %}",
                     "{% if a %}{% set x = a | default(b) %}{% elif c is defined %}{{ c.d[0]['e'] }}{% else %}{% endif %}",
                     "{% set ns.a, b = 1, (2, 3) %}{% set y | trim %} {{ y }} {% endset %}",
                     "{% macro m(a) %}{{ a }}{% endmacro %}{% include 'x' %}",
                     "{{ f(*a, **b) ~ 'x' if y else z[1:2:3] }}{{ -x ** 2 // 3 % 4 }}{{ [1, {'a': (1,)}] }}",
                     "  {%- raw -%}  {{ x }}  {%- endraw -%}  {#- c -#}  ",
                 })
        {
            data.Add(template);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void EveryChildSpan_LiesInsideItsParent(string template)
    {
        var tree = JinjaParser.Ansible.ParseTemplate(template);

        foreach (var node in NodeChildren.DescendantsAndSelf(tree))
        {
            Assert.InRange(node.Span.Start, 0, template.Length);
            Assert.InRange(node.Span.End, node.Span.Start, template.Length);
            foreach (var child in NodeChildren.Instance.Visit(node))
            {
                Assert.True(
                    child.Span.Start >= node.Span.Start && child.Span.End <= node.Span.End,
                    $"{child.GetType().Name} `{child.Span.TextIn(template)}` is outside {node.GetType().Name} `{node.Span.TextIn(template)}`");
            }
        }
    }
}
