using System.Text;
using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Jinja.Syntax.Ast;

namespace VarTrace.Core.Tests.Jinja.Syntax;

public sealed class RobustnessTests
{
    private static readonly JinjaParser[] Parsers =
    [
        JinjaParser.Ansible,
        new(JinjaSyntaxOptions.JinjaDefaults),
        new(new JinjaSyntaxOptions(TrimBlocks: true, LstripBlocks: true, KeepTrailingNewline: true)),
    ];

    // Pieces that make random text look like Jinja often enough to reach deep into the parser.
    private static readonly string[] Pieces =
    [
        "{{", "}}", "{%", "%}", "{#", "#}", "-", "+", "{%-", "-%}", "{{-", "-}}", "+%}", "{", "}", "(", ")", "[", "]",
        "'", "\"", "\\", "|", ".", ",", ":", "=", "==", "!", "!=", "<", ">=", "*", "**", "/", "//", "%", "~", " ", "\n",
        "\r\n", "\r", "\t", "0", "1_0", "0x", "1.5e", "07", "a", "x_1", "é", "\ud83d\ude00", "\ud83d", "if", "elif",
        "else", "endif", "for", "in", "endfor", "set", "endset", "raw", "endraw", "is", "not", "and", "or", "true",
        "none", "recursive", "macro", "endmacro", "include", "\\x4", "\\u00e9", "\\N{", "ns.a", "default(", "loop",
    ];

    [Fact]
    public void RandomText_OnlyEverRaisesSyntaxErrors()
    {
        var random = new Random(20240611);
        for (var i = 0; i < 5_000; i++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 40);
            for (var j = 0; j < length; j++) text.Append(Pieces[random.Next(Pieces.Length)]);
            AssertParsesOrFailsCleanly(text.ToString());
        }
    }

    [Fact]
    public void MutatedValidTemplates_OnlyEverRaiseSyntaxErrors()
    {
        const string seed = "{% for k, v in d.items() if v is defined recursive %}{{ loop.index ~ k | upper }}"
            + "{% else %}{% set ns.x = [1, {'a': (2,)}][0] %}{% endfor %}{%- if a -%}{{ -x ** 2 // f(*a, **b) }}"
            + "{% elif 'x' in y %}{# c #}{% raw %}{{ r }}{% endraw %}{% else %}{{ z[1:2:3] if q else w }}{% endif %}";
        var random = new Random(7);
        for (var i = 0; i < 5_000; i++)
        {
            var text = new StringBuilder(seed);
            for (var edits = random.Next(1, 4); edits > 0 && text.Length > 0; edits--)
            {
                var at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0:
                        text.Remove(at, Math.Min(random.Next(1, 5), text.Length - at));
                        break;
                    case 1:
                        text.Insert(at, Pieces[random.Next(Pieces.Length)]);
                        break;
                    default:
                        text[at] = seed[random.Next(seed.Length)];
                        break;
                }
            }

            AssertParsesOrFailsCleanly(text.ToString());
        }
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("[", "]")]
    [InlineData("{'k': ", "}")]
    [InlineData("not ", "")]
    [InlineData("-", "")]
    [InlineData("f(", ")")]
    [InlineData("x if y else ", "")]
    [InlineData("x is eq (", ")")]
    public void DeepNesting_IsASyntaxErrorNotAStackOverflow(string open, string close)
    {
        var source = "{{ " + string.Concat(Enumerable.Repeat(open, 10_000)) + "x" + string.Concat(Enumerable.Repeat(close, 10_000)) + " }}";

        var error = Assert.Throws<JinjaSyntaxException>(() => JinjaParser.Ansible.ParseTemplate(source)).Error;

        Assert.Equal("expression nested deeper than 200 levels", error.Message);
    }

    [Theory]
    [InlineData(" + x")]
    [InlineData(" ~ x")]
    [InlineData(" and x")]
    [InlineData(".y")]
    [InlineData("[0]")]
    [InlineData("()")]
    [InlineData(" | f")]
    [InlineData(" is t()")]
    [InlineData(" ** 2")]
    [InlineData(" if y")]
    public void LongChains_AreBoundedLikeNesting(string link)
    {
        // A chain builds a tree as deep as it is long, and every visitor recurses over that depth.
        var source = "{{ x" + string.Concat(Enumerable.Repeat(link, 10_000)) + " }}";

        var error = Assert.Throws<JinjaSyntaxException>(() => JinjaParser.Ansible.ParseTemplate(source)).Error;

        Assert.Equal("expression nested deeper than 200 levels", error.Message);
    }

    [Fact]
    public void DeepBlocks_AreASyntaxError()
    {
        var source = string.Concat(Enumerable.Repeat("{% if x %}", 10_000)) + string.Concat(Enumerable.Repeat("{% endif %}", 10_000));

        var error = Assert.Throws<JinjaSyntaxException>(() => JinjaParser.Ansible.ParseTemplate(source)).Error;

        Assert.Equal("blocks nested deeper than 200 levels", error.Message);
    }

    [Fact]
    public void ModerateNesting_Parses()
    {
        var expression = string.Concat(Enumerable.Repeat("(", 150)) + "x" + string.Concat(Enumerable.Repeat(")", 150)) + string.Concat(Enumerable.Repeat(" + x", 40));
        var blocks = string.Concat(Enumerable.Repeat("{% for x in y %}", 100)) + "{{ " + expression + " }}" + string.Concat(Enumerable.Repeat("{% endfor %}", 100));

        var tree = JinjaParser.Ansible.ParseTemplate(blocks);

        Assert.Equal(["y"], VariableReferences.Collect(tree).Names.ToArray());
    }

    [Fact]
    public void WideTemplates_AreNotLimited()
    {
        var items = "{{ [" + string.Join(", ", Enumerable.Range(0, 10_000)) + "] }}";
        var statements = string.Concat(Enumerable.Repeat("{% if a %}b{% endif %}{{ c }}", 10_000));

        Assert.Equal(10_000, Assert.IsType<ListExpression>(Assert.IsType<OutputStatement>(JinjaParser.Ansible.ParseTemplate(items).Body[0]).Expression).Items.Length);
        Assert.Equal(20_000, JinjaParser.Ansible.ParseTemplate(statements).Body.Length);
    }

    private static void AssertParsesOrFailsCleanly(string text)
    {
        foreach (var parser in Parsers)
        {
            try
            {
                var tree = parser.ParseTemplate(text);
                VariableReferences.Collect(tree);
                AstPrinter.Print(tree);
                foreach (var node in NodeChildren.DescendantsAndSelf(tree))
                {
                    Assert.True(node.Span.Start >= 0 && node.Span.End <= text.Length, $"span {node.Span} outside {text.Length} chars in {Escape(text)}");
                }
            }
            catch (JinjaSyntaxException e)
            {
                Assert.InRange(e.Error.Span.Start, 0, text.Length);
                Assert.InRange(e.Error.Span.End, e.Error.Span.Start, text.Length);
            }
            catch (Exception e)
            {
                Assert.Fail($"{e.GetType().Name} for template {Escape(text)}: {e}");
            }

            try
            {
                VariableReferences.Collect(parser.ParseExpression(text));
            }
            catch (JinjaSyntaxException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"{e.GetType().Name} for expression {Escape(text)}: {e}");
            }
        }
    }

    private static string Escape(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
