using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Model;

namespace VarTrace.Core.Tests.Jinja.Syntax;

public sealed class TemplateOriginTests
{
    [Theory]
    [InlineData(TemplateOriginKind.PlainScalar, "{{ a + }}", 7, "vars.yml:4:21")]
    [InlineData(TemplateOriginKind.QuotedScalar, "{{ a + }}", 7, "vars.yml:4:22")]
    [InlineData(TemplateOriginKind.PlainScalar, "{{ a }}\n{{ b + }}", 15, "vars.yml:4:14")]
    [InlineData(TemplateOriginKind.BlockScalar, "{{ a + }}", 7, "vars.yml:4:14")]
    [InlineData(TemplateOriginKind.Verbatim, "x\n  {{ a + }}", 10, "vars.yml:5:9")]
    [InlineData(TemplateOriginKind.Verbatim, "{{ a + }}", 7, "vars.yml:4:21")]
    public void Locate_MapsOffsetsIntoTheFile(TemplateOriginKind kind, string template, int offset, string expected)
    {
        var origin = new TemplateOrigin(new SourceLocation("vars.yml", 4, 14), kind);

        Assert.Equal(expected, origin.Locate(template, offset).ToString());
    }

    [Fact]
    public void SyntaxError_LocatesInATemplateFile()
    {
        const string template = "line 1\nline 2 {{ x | }}\n";
        var error = Assert.Throws<JinjaSyntaxException>(() => JinjaParser.Ansible.ParseTemplate(template)).Error;

        Assert.Equal("templates/a.conf.j2:2:15", error.Locate(TemplateOrigin.File("templates/a.conf.j2"), template).ToString());
        Assert.Equal("2:15", error.Position.ToString());
    }

    [Theory]
    [InlineData("abc", 0, "1:1")]
    [InlineData("abc", 3, "1:4")]
    [InlineData("a\nb", 2, "2:1")]
    [InlineData("a\r\nb", 3, "2:1")]
    [InlineData("a\r\nb", 2, "1:3")]
    [InlineData("a\rb", 2, "2:1")]
    [InlineData("a\n\nb", 3, "3:1")]
    public void TemplatePosition_CountsJinjaLineBreaks(string text, int offset, string expected) =>
        Assert.Equal(expected, TemplatePosition.Of(text, offset).ToString());
}
