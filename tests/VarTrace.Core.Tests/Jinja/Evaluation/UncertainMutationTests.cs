using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Values;

namespace VarTrace.Core.Tests.Jinja.Evaluation;

/// <summary>
/// A list or namespace changed where a static tool cannot tell whether the code runs (an <c>if</c> or
/// loop over a gathered fact) must come out unknown, never as one of its possible values.
/// </summary>
public sealed class UncertainMutationTests
{
    [Theory]
    [InlineData("{% set xs = [] %}{% if ansible_fact %}{% set _ = xs.append(1) %}{% endif %}{{ xs }}")]
    [InlineData("{% set xs = [] %}{% for i in ansible_fact %}{% set _ = xs.append(i) %}{% endfor %}{{ xs | length }}")]
    [InlineData("{% set xs = [] %}{% for i in [1, 2] if ansible_fact %}{% set _ = xs.append(i) %}{% endfor %}{{ xs }}")]
    [InlineData("{% set ns = namespace(n=0) %}{% if ansible_fact %}{% set ns.n = 1 %}{% endif %}{{ ns.n }}")]
    [InlineData("{% set xs = [] %}{{ xs.append(1) if ansible_fact else '' }}{{ xs }}")]
    public void ChangeThatMayNotRun_IsUnknown(string template)
    {
        var value = Render(template);

        Assert.IsType<AnsibleUnknown>(value);
    }

    [Fact]
    public void ChangeInABranchThatRuns_IsKept()
    {
        var value = Render("{% set xs = [] %}{% if 1 %}{% set _ = xs.append(1) %}{% endif %}{{ xs }}");

        Assert.Equal("[1]", PythonRepr.Repr(value));
    }

    // `ansible_fact` is not set, so VarTrace takes it for a gathered fact: unknown.
    private static AnsibleValue Render(string template) =>
        new TemplateEngine(new NoVariables(), EvaluationOptions.Ansible214).Template(new AnsibleString(template));

    private sealed class NoVariables : IVariableScope
    {
        public AnsibleValue? Raw(string name) => null;
    }
}
