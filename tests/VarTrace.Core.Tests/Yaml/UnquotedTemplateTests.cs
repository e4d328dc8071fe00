using VarTrace.Core.Model;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Tests.Yaml;

/// <summary>
/// `x: {{ y }}` is a YAML flow mapping with a mapping as key, which Ansible 2.14 rejects
/// ("found unhashable key"); VarTrace says the value must be quoted, at the value's position.
/// </summary>
public sealed class UnquotedTemplateTests
{
    [Theory]
    [InlineData("a: 1\nb: {{ a }}\n", 2, 4)]
    [InlineData("a: 1\nc: {{ a }} and more\n", 2, 4)]
    [InlineData("list:\n  - {{ item }}\n", 2, 5)]
    public void UnquotedTemplateValue_IsReportedAsNeedingQuotes(string yaml, int line, int column)
    {
        var error = Assert.Throws<VarTraceException>(() => YamlLoader.Load(yaml, "vars.yml"));

        Assert.Equal(new SourceLocation("vars.yml", line, column), error.Location);
        Assert.StartsWith("a value starting with `{{` must be quoted", error.Message);
    }
}
