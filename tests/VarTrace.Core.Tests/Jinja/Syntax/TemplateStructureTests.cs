using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Jinja.Syntax.Ast;

namespace VarTrace.Core.Tests.Jinja.Syntax;

public sealed class TemplateStructureTests
{
    private static readonly Dictionary<string, JinjaParser> Parsers = new()
    {
        ["ansible"] = JinjaParser.Ansible,
        ["jinja"] = new JinjaParser(JinjaSyntaxOptions.JinjaDefaults),
        ["lstrip"] = new JinjaParser(new JinjaSyntaxOptions(TrimBlocks: true, LstripBlocks: true, KeepTrailingNewline: false)),
    };

    // Expectations are real Jinja2 3.1.6 trees printed by `jinja_canonical.py --template` with the
    // matching settings: "ansible" = --trim-blocks (Ansible's templar), "jinja" = Jinja's defaults,
    // "lstrip" = --trim-blocks --lstrip-blocks. A row is listed once per distinct expectation.
    [Theory]
    [InlineData("ansible", "plain text", "plain text")]
    [InlineData("ansible", "a {{ b }} c", "a {{ b }} c")]
    [InlineData("ansible", "a\n", "a")]
    [InlineData("ansible", "a\n\n", "a\n")]
    [InlineData("ansible", "a\r\nb\r\n", "a\nb")]
    [InlineData("ansible", "a\rb", "a\nb")]
    [InlineData("ansible", "{{ x }}\n", "{{ x }}")]
    [InlineData("ansible", "{% if x %}\nyes\n{% endif %}\n", "{% if x %}yes\n{% endif %}")]
    [InlineData("ansible", "{% if x %}yes{% elif y %}maybe{% else %}no{% endif %}", "{% if x %}yes{% elif y %}maybe{% else %}no{% endif %}")]
    [InlineData("ansible", "{% if x %}a{% elif y %}b{% elif z %}c{% endif %}", "{% if x %}a{% elif y %}b{% elif z %}c{% endif %}")]
    [InlineData("ansible", "  {% if x %}\n  yes\n  {% endif %}\n", "  {% if x %}  yes\n  {% endif %}")]
    [InlineData("ansible", "a  {%- if x -%}  b  {%- endif -%}  c", "a{% if x %}b{% endif %}c")]
    [InlineData("ansible", "a\n  {%- if x %}\nb{% endif %}", "a{% if x %}b{% endif %}")]
    [InlineData("ansible", "{% if x +%}\nb{% endif %}", "{% if x %}\nb{% endif %}")]
    [InlineData("ansible", "{% if x -%}\n\n  b{% endif %}", "{% if x %}b{% endif %}")]
    [InlineData("ansible", "a {{- b -}} c", "a{{ b }}c")]
    [InlineData("ansible", "a {{ b -}}\n\n c", "a {{ b }}c")]
    [InlineData("ansible", "a\n{{- b }}", "a{{ b }}")]
    [InlineData("ansible", "{{-x}}", "{{ x }}")]
    [InlineData("ansible", "{{+x}}", "{{ x }}")]
    [InlineData("ansible", "{#- c -#}", "")]
    [InlineData("ansible", "a {# c #} b", "a  b")]
    [InlineData("ansible", "a {# c #}\nb", "a b")]
    [InlineData("ansible", "a {#- c #} b", "a b")]
    [InlineData("ansible", "a {# c -#} \n b", "a b")]
    [InlineData("ansible", "a {# c +#}\nb", "a \nb")]
    [InlineData("ansible", "{# {{ x }} #}x", "x")]
    [InlineData("ansible", "{% raw %}{{ x }}{% endraw %}", "{{ x }}")]
    [InlineData("ansible", "{% raw %}\n{{ x }}\n{% endraw %}\n", "\n{{ x }}\n")]
    [InlineData("ansible", "a {%- raw %} b {% endraw -%} c", "a b c")]
    [InlineData("ansible", "a {% raw -%}  b  {%- endraw %} c", "a b c")]
    [InlineData("ansible", "{%raw%}x{%endraw%}", "x")]
    [InlineData("ansible", "{% raw %}{% if %}{% endraw %}", "{% if %}")]
    [InlineData("ansible", "{% for x in xs %}{{ x }}{% endfor %}", "{% for x in xs %}{{ x }}{% endfor %}")]
    [InlineData("ansible", "{% for k, v in d.items() %}{{ k }}={{ v }}\n{% endfor %}", "{% for (k, v) in d.items() %}{{ k }}={{ v }}\n{% endfor %}")]
    [InlineData("ansible", "{% for x in xs if x %}{{ x }}{% else %}none{% endfor %}", "{% for x in xs if x %}{{ x }}{% else %}none{% endfor %}")]
    [InlineData("ansible", "{% for x in xs recursive %}{{ loop(x.children) }}{% endfor %}", "{% for x in xs recursive %}{{ loop(x.children) }}{% endfor %}")]
    [InlineData("ansible", "{% for x in xs if x > 1 recursive %}{% endfor %}", "{% for x in xs if (x > 1) recursive %}{% endfor %}")]
    [InlineData("ansible", "{% for (a, b) in xs %}{% endfor %}", "{% for (a, b) in xs %}{% endfor %}")]
    [InlineData("ansible", "{% for a, (b, c) in xs %}{% endfor %}", "{% for (a, (b, c)) in xs %}{% endfor %}")]
    [InlineData("ansible", "{% for x in a, b %}{% endfor %}", "{% for x in (a, b) %}{% endfor %}")]
    [InlineData("ansible", "{% set x = 1 %}{{ x }}", "{% set x = 1 %}{{ x }}")]
    [InlineData("ansible", "{% set x, y = 1, 2 %}", "{% set (x, y) = (1, 2) %}")]
    [InlineData("ansible", "{% set x = a if b else c %}", "{% set x = (a if b else c) %}")]
    [InlineData("ansible", "{% set ns.x = 1 %}", "{% set ns.x = 1 %}")]
    [InlineData("ansible", "{% set x %}body{% endset %}", "{% set x %}body{% endset %}")]
    [InlineData("ansible", "{% set x | upper %}body{% endset %}", "{% set x (| upper) %}body{% endset %}")]
    [InlineData("ansible", "{% set x | trim | upper %}body{% endset %}", "{% set x ((| trim) | upper) %}body{% endset %}")]
    [InlineData("ansible", "{% if x: %}a{% else: %}b{% endif %}", "{% if x %}a{% else %}b{% endif %}")]
    [InlineData("ansible", "{% if a, b %}x{% endif %}", "{% if (a, b) %}x{% endif %}")]
    [InlineData("ansible", "{{ a, b }}", "{{ (a, b) }}")]
    [InlineData("ansible", "{{ a, }}", "{{ (a,) }}")]
    [InlineData("ansible", "{{ {'a': {'b': 1}} }}", "{{ {'a': {'b': 1}} }}")]
    [InlineData("ansible", "{{ {'a': {'b': 1}}}}", "{{ {'a': {'b': 1}} }}")]
    [InlineData("ansible", "{{ 'a' ~ '}}' }}", "{{ ('a' ~ '}}') }}")]
    [InlineData("ansible", "{% set x = '%}' %}{{ x }}", "{% set x = '%}' %}{{ x }}")]
    [InlineData("ansible", "{{ x }}{{ y }}", "{{ x }}{{ y }}")]
    [InlineData("ansible", "{%- if x %}a{% endif %}", "{% if x %}a{% endif %}")]
    [InlineData("ansible", "{{ x -}}", "{{ x }}")]
    [InlineData("ansible", "x\n{% if a %}\n{% if b %}\ny\n{% endif %}\n{% endif %}\nz", "x\n{% if a %}{% if b %}y\n{% endif %}{% endif %}z")]
    [InlineData("ansible", "{% if a %}\r\nb\r\n{% endif %}\r\n", "{% if a %}b\n{% endif %}")]
    [InlineData("ansible", "  {% for x in y %}\n    {{ x }}\n  {% endfor %}\n", "  {% for x in y %}    {{ x }}\n  {% endfor %}")]
    [InlineData("ansible", "a\t{%- if x %}\n{% endif %}", "a{% if x %}{% endif %}")]
    [InlineData("ansible", "{{ 'a\\\nb' }}", "{{ 'ab' }}")]
    [InlineData("ansible", "{{ 'a\nb' }}", "{{ 'a\\nb' }}")]
    [InlineData("ansible", "{{ 'a\r\nb' }}", "{{ 'a\\nb' }}")]
    [InlineData("ansible", "{{ \"\\\\é\" }}", "{{ '\\\\é' }}")]
    [InlineData("ansible", "{{ '\\x41\\u00e9\\U0001F600\\101\\d\\'' }}", "{{ \"Aé😀A\\\\d'\" }}")]
    [InlineData("ansible", "{% if x is defined and x %}{{ x | default('') }}{% endif %}", "{% if ((x is defined) and x) %}{{ (x | default('')) }}{% endif %}")]
    [InlineData("ansible", "{{ x\n  | f\n  | g }}", "{{ ((x | f) | g) }}")]
    [InlineData("ansible", "{ {x} }", "{ {x} }")]
    [InlineData("ansible", "{% if x %}{% endif %}{% if y %}{% endif %}", "{% if x %}{% endif %}{% if y %}{% endif %}")]
    [InlineData("ansible", "{{ 1 }}{# #}{{ 2 }}", "{{ 1 }}{{ 2 }}")]
    [InlineData("ansible", "{{ \"\\é\" }}", "{{ '\\\\xe9' }}")]
    [InlineData("ansible", "{% for x in xs, recursive %}{% endfor %}", "{% for x in (xs, recursive) %}{% endfor %}")]
    [InlineData("jinja", "{% if x %}\nyes\n{% endif %}\n", "{% if x %}\nyes\n{% endif %}")]
    [InlineData("jinja", "  {% if x %}\n  yes\n  {% endif %}\n", "  {% if x %}\n  yes\n  {% endif %}")]
    [InlineData("jinja", "a\n  {%- if x %}\nb{% endif %}", "a{% if x %}\nb{% endif %}")]
    [InlineData("jinja", "a {# c #}\nb", "a \nb")]
    [InlineData("jinja", "x\n{% if a %}\n{% if b %}\ny\n{% endif %}\n{% endif %}\nz", "x\n{% if a %}\n{% if b %}\ny\n{% endif %}\n{% endif %}\nz")]
    [InlineData("jinja", "{% if a %}\r\nb\r\n{% endif %}\r\n", "{% if a %}\nb\n{% endif %}")]
    [InlineData("jinja", "  {% for x in y %}\n    {{ x }}\n  {% endfor %}\n", "  {% for x in y %}\n    {{ x }}\n  {% endfor %}")]
    [InlineData("jinja", "a\t{%- if x %}\n{% endif %}", "a{% if x %}\n{% endif %}")]
    [InlineData("lstrip", "  {% if x %}\n  yes\n  {% endif %}\n", "{% if x %}  yes\n{% endif %}")]
    [InlineData("ansible", "  {%+ if x %}a{% endif %}", "  {% if x %}a{% endif %}")]
    [InlineData("ansible", "  {#+ c #}x", "  x")]
    [InlineData("ansible", "  {# c #}x\n  {{ y }}", "  x\n  {{ y }}")]
    [InlineData("ansible", "  {{ x }}", "  {{ x }}")]
    [InlineData("ansible", "\t{% raw %}x\n  {% endraw %}y", "\tx\n  y")]
    [InlineData("ansible", "a\n  {% if x %}\n  b\n  {% endif %}\n", "a\n  {% if x %}  b\n  {% endif %}")]
    [InlineData("ansible", "x  {% if a %}y{% endif %}", "x  {% if a %}y{% endif %}")]
    [InlineData("ansible", "{% if a -%}\r\n  b{%- endif %}", "{% if a %}b{% endif %}")]
    [InlineData("ansible", "{{ x }}\n{# c #}\n{{ y }}\n", "{{ x }}\n{{ y }}")]
    [InlineData("ansible", "a {{- '\\n' -}} b", "a{{ '\\n' }}b")]
    [InlineData("ansible", "{{ x }}{%+ if y %}{% endif +%}\nz", "{{ x }}{% if y %}{% endif %}\nz")]
    [InlineData("jinja", "a\n  {% if x %}\n  b\n  {% endif %}\n", "a\n  {% if x %}\n  b\n  {% endif %}")]
    [InlineData("jinja", "{{ x }}\n{# c #}\n{{ y }}\n", "{{ x }}\n\n{{ y }}")]
    [InlineData("lstrip", "  {# c #}x\n  {{ y }}", "x\n  {{ y }}")]
    [InlineData("lstrip", "\t{% raw %}x\n  {% endraw %}y", "x\ny")]
    [InlineData("lstrip", "a\n  {% if x %}\n  b\n  {% endif %}\n", "a\n{% if x %}  b\n{% endif %}")]
    [InlineData("lstrip", "  {% for x in y %}\n    {{ x }}\n  {% endfor %}\n", "{% for x in y %}    {{ x }}\n{% endfor %}")]
    public void Template_ParsesAsJinja(string settings, string template, string expected) =>
        Assert.Equal(expected, AstPrinter.Print(Parsers[settings].ParseTemplate(template)));

    [Theory]
    [InlineData("{% for x, in xs %}{% endfor %}")] // Jinja: expected token 'in', got 'xs'
    [InlineData("{% for in xs %}{% endfor %}")] // Jinja: expected token 'in', got 'xs'
    [InlineData("{{ x }")] // Jinja: unexpected '}'
    public void Template_RejectedByJinja_IsRejected(string template) =>
        Assert.Throws<JinjaSyntaxException>(() => JinjaParser.Ansible.ParseTemplate(template));

    [Fact]
    public void KeepTrailingNewline_KeepsFinalLineBreak()
    {
        var parser = new JinjaParser(JinjaSyntaxOptions.Ansible with { KeepTrailingNewline = true });

        Assert.Equal("{{ x }}\n", AstPrinter.Print(parser.ParseTemplate("{{ x }}\n")));
    }

    [Theory]
    [InlineData("{% block body %}x{% endblock body %}", "block", "body", 1)]
    [InlineData("{% autoescape true %}x{% endautoescape %}", "autoescape", "true", 1)]
    [InlineData("{% include 'a.j2' %}", "include", "'a.j2'", 0)]
    [InlineData("{% import 'm.j2' as m %}", "import", "'m.j2' as m", 0)]
    [InlineData("{% from 'm.j2' import f with context %}", "from", "'m.j2' import f with context", 0)]
    [InlineData("{% extends 'base.j2' %}", "extends", "'base.j2'", 0)]
    [InlineData("{% print x, y %}", "print", "x, y", 0)]
    public void UnsupportedTag_IsKeptWithItsSpan(string template, string keyword, string arguments, int bodyCount)
    {
        var tree = JinjaParser.Ansible.ParseTemplate(template);

        var statement = Assert.IsType<UnsupportedStatement>(Assert.Single(tree.Body));
        Assert.Equal(keyword, statement.Keyword);
        Assert.Equal(arguments, statement.Arguments);
        Assert.Equal(bodyCount, statement.Body.Length);
        Assert.Equal(template, statement.Span.TextIn(template));
    }

    [Fact]
    public void UnsupportedBlockBody_IsParsed()
    {
        var tree = JinjaParser.Ansible.ParseTemplate("{% autoescape true %}{% if a %}{{ b }}{% endif %}{% endautoescape %}");

        var statement = Assert.IsType<UnsupportedStatement>(Assert.Single(tree.Body));
        Assert.Equal("{% if a %}{{ b }}{% endif %}", AstPrinter.Print(Assert.Single(statement.Body)));
    }

    [Theory]
    [InlineData("{% macro m(a, b=1) %}{{ a }}{% endmacro %}", "{% macro m(a, b=1) %}{{ a }}{% endmacro %}")]
    [InlineData("{% call(x) m(1, k=2) %}{{ x }}{% endcall %}", "{% call(x) m(1, k=2) %}{{ x }}{% endcall %}")]
    [InlineData("{% call m() %}x{% endcall %}", "{% call m() %}x{% endcall %}")]
    [InlineData("{% filter upper | replace('A', 'b') %}x{% endfilter %}", "{% filter ((| upper) | replace('A', 'b')) %}x{% endfilter %}")]
    [InlineData("{% with a = 1, b = a %}{{ a }}{% endwith %}", "{% with a = 1, b = a %}{{ a }}{% endwith %}")]
    public void MacroCallFilterAndWithBlocks_AreParsed(string template, string printed)
    {
        var tree = JinjaParser.Ansible.ParseTemplate(template);

        Assert.Equal(template, Assert.Single(tree.Body).Span.TextIn(template));
        Assert.Equal(printed, AstPrinter.Print(tree));
    }

    [Theory]
    [InlineData("{% do xs.append(1) %}", "do")]
    [InlineData("{% for x in xs %}{% break %}{% endfor %}", "break")]
    [InlineData("{% continue %}", "continue")]
    public void LoopControlsAndDo_AreUnknownTags(string template, string tag)
    {
        // Ansible 2.14 enables neither jinja2.ext.do nor jinja2.ext.loopcontrols.
        var error = Assert.Throws<JinjaSyntaxException>(() => JinjaParser.Ansible.ParseTemplate(template)).Error;

        Assert.StartsWith($"Encountered unknown tag '{tag}'.", error.JinjaMessage);
    }

    [Fact]
    public void MacroParameter_WithoutDefaultAfterOneWithDefault_IsASyntaxError()
    {
        var error = Assert.Throws<JinjaSyntaxException>(() => JinjaParser.Ansible.ParseTemplate("{% macro m(a=1, b) %}{% endmacro %}")).Error;

        Assert.Equal(16, error.Span.Start);
    }

    [Fact]
    public void IfStatement_KeepsBranchesAndElse()
    {
        const string template = "{% if a %}1{% elif b %}2{% else %}3{% endif %}";

        var statement = Assert.IsType<IfStatement>(Assert.Single(JinjaParser.Ansible.ParseTemplate(template).Body));

        Assert.Equal(["{% if a %}1", "{% elif b %}2"], statement.Branches.Select(b => b.Span.TextIn(template)));
        Assert.Equal("3", AstPrinter.Print(Assert.Single(statement.Else)));
        Assert.Equal(template, statement.Span.TextIn(template));
    }

    [Fact]
    public void ForStatement_ExposesEveryPart()
    {
        var tree = JinjaParser.Ansible.ParseTemplate("{% for k, v in d.items() if v recursive %}{{ k }}{% else %}-{% endfor %}");

        var loop = Assert.IsType<ForStatement>(Assert.Single(tree.Body));
        Assert.Equal("(k, v)", AstPrinter.Print(loop.Target));
        Assert.Equal("d.items()", AstPrinter.Print(loop.Iterable));
        Assert.Equal("v", AstPrinter.Print(loop.Filter!));
        Assert.True(loop.Recursive);
        Assert.Equal("{{ k }}", AstPrinter.Print(Assert.Single(loop.Body)));
        Assert.Equal("-", AstPrinter.Print(Assert.Single(loop.Else)));
    }

    [Fact]
    public void SetBlock_HasFilterWithoutOperand()
    {
        var tree = JinjaParser.Ansible.ParseTemplate("{% set x | trim %} a {% endset %}");

        var set = Assert.IsType<SetBlockStatement>(Assert.Single(tree.Body));
        Assert.Null(set.Filter!.Operand);
        Assert.Equal("trim", set.Filter.Name);
    }
}
