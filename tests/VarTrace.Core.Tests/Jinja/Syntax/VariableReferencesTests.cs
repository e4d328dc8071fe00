using VarTrace.Core.Jinja.Syntax;

namespace VarTrace.Core.Tests.Jinja.Syntax;

public sealed class VariableReferencesTests
{
    // Rows marked "meta" give what jinja2.meta.find_undeclared_variables (Jinja2 3.1.6) reports
    // for the same template, sorted; the others are where VarTrace deliberately says more.
    [Theory]
    [InlineData("{{ calico_pool_blocksize | default(kube_network_node_prefix) }}", "calico_pool_blocksize kube_network_node_prefix")]
    [InlineData("{{ x }}{% set x = 1 %}{{ x }}", "x")] // meta
    [InlineData("{% set x = 1 %}{{ x }}", "")] // meta
    [InlineData("{% set x = x + 1 %}", "x")] // meta
    [InlineData("{% if c %}{% set x = 1 %}{% endif %}{{ x }}", "c x")] // meta
    [InlineData("{% if c %}{% set x = 1 %}{% else %}{% set x = 2 %}{% endif %}{{ x }}", "c x")] // meta
    [InlineData("{% if x %}{% set y = 1 %}{{ y }}{% endif %}{{ y }}", "x y")] // meta
    [InlineData("{% for i in xs %}{{ i }}{{ loop.index }}{% set y = 1 %}{{ y }}{% endfor %}{{ i }}{{ y }}", "xs i y")] // meta
    [InlineData("{% for i in xs if i > j %}{% else %}{{ i }}{{ loop }}{% endfor %}", "xs j i loop")] // meta
    [InlineData("{% for a, b in c %}{{ a }}{{ b }}{% endfor %}", "c")] // meta
    [InlineData("{% for x in xs recursive %}{{ loop(x.children) }}{% endfor %}", "xs")] // meta
    [InlineData("{% for i in xs %}{% for j in i %}{{ loop }}{{ i }}{{ j }}{% endfor %}{% endfor %}", "xs")] // meta
    [InlineData("{{ loop }}", "loop")] // meta
    [InlineData("{% set ns = namespace(a=1) %}{% set ns.a = 2 %}{{ ns.a }}", "namespace")]
    [InlineData("{% set ns.a = 2 %}", "ns")]
    [InlineData("{% set x %}{{ y }}{% endset %}{{ x }}", "y")]
    [InlineData("{% set x | f(z) %}a{% endset %}", "z")]
    [InlineData("{{ lookup('env', 'HOME') }} {{ range(3) }}", "lookup range")]
    [InlineData("{{ a.b['c'][d] }}", "a d")]
    [InlineData("{{ a if b else c }}", "b a c")]
    [InlineData("{{ x is divisibleby n }}", "x n")]
    [InlineData("{{ f(p, k=v, *s, **kw)[i:j:k] }}", "f p v s kw i j k")]
    [InlineData("{{ {k: v} ~ [w] ~ (t,) }}", "k v w t")]
    [InlineData("{{ a < b in c }}", "a b c")]
    [InlineData("{% filter upper %}{{ a }}{% endfilter %}", "a")]
    [InlineData("{% macro m(a) %}{{ a }}{{ b }}{% endmacro %}{{ c }}{{ m(1) }}", "b c")]
    [InlineData("{% call(x) m(y) %}{{ x }}{{ z }}{% endcall %}", "m y z")]
    [InlineData("{% with a = b %}{{ a }}{% endwith %}{{ a }}", "b a")]
    [InlineData("{{ true }}{{ none }}{{ 'x' }}{{ 1 }}", "")]
    public void Collect_ListsFreeNames(string template, string expected)
    {
        var references = VariableReferences.Collect(JinjaParser.Ansible.ParseTemplate(template));

        Assert.Equal(expected, string.Join(" ", references.Names));
    }

    [Fact]
    public void Collect_KeepsEveryOccurrenceWithItsSpan()
    {
        const string template = "{{ a }} {{ b | default(a) }}";

        var references = VariableReferences.Collect(JinjaParser.Ansible.ParseTemplate(template)).References;

        Assert.Equal(["a@3", "b@11", "a@23"], references.Select(r => $"{r.Name}@{r.Span.Start}"));
    }

    [Fact]
    public void Collect_ReportsTagsItCannotSeeInto()
    {
        var result = VariableReferences.Collect(JinjaParser.Ansible.ParseTemplate("{% include 'x.j2' %}{% import 'm.j2' as m %}"));

        Assert.Equal(["include", "import"], result.Unanalysed.Select(u => u.Keyword));
        Assert.Empty(result.References);
    }

    [Fact]
    public void Collect_WorksOnABareExpression()
    {
        var result = VariableReferences.Collect(JinjaParser.Ansible.ParseExpression("groups['web'] | map('extract', hostvars, 'ip')"));

        Assert.Equal(["groups", "hostvars"], result.Names.ToArray());
    }
}
