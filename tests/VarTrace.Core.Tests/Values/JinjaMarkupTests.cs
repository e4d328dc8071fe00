using VarTrace.Core.Values;

namespace VarTrace.Core.Tests.Values;

/// <summary>
/// Which strings Ansible templates: 2.14's <c>is_possibly_template</c> looks for the start of a
/// variable, block or comment (<c>{{</c>, <c>{%</c>, <c>{#</c>) anywhere in the text.
/// </summary>
public sealed class JinjaMarkupTests
{
    [Theory]
    [InlineData("{{ x }}", true)]
    [InlineData("prefix {{ x }}", true)]
    [InlineData("{% if a %}b{% endif %}", true)]
    [InlineData("{# only a comment #}", true)]
    [InlineData("a { b } {{", true)]
    [InlineData("{ {%", true)]
    [InlineData("", false)]
    [InlineData("{", false)]
    [InlineData("ends with {", false)]
    [InlineData("{ key: value }", false)]
    [InlineData("}} {x} {-", false)]
    public void HasJinjaMarkup_FindsAnyOpeningDelimiter(string text, bool expected) =>
        Assert.Equal(expected, AnsibleValue.HasJinjaMarkup(text));

    [Fact]
    public void UnsafeText_IsNeverTemplated() =>
        Assert.False(new AnsibleString("{{ x }}", isUnsafe: true).IsTemplated);
}
