using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Values;

namespace VarTrace.Core.Tests.Jinja.Evaluation;

/// <summary>
/// Results shared across contexts must be exactly what evaluating again would give: reused only
/// when every variable the evaluation read holds the same raw value, including what it took from
/// an engine's own cache of variables rendered earlier.
/// </summary>
public sealed class TemplateMemoTests
{
    private static readonly AnsibleString Prefix = new("{{ version }}-{{ arch }}");

    [Fact]
    public void SameInputs_ReuseTheResult()
    {
        var memo = new TemplateMemo();
        var version = new AnsibleString("1.29");
        var arch = new AnsibleString("amd64");
        var first = Engine(memo, ("image", Prefix), ("version", version), ("arch", arch)).Variable("image");
        var second = Engine(memo, ("image", Prefix), ("version", version), ("arch", arch)).Variable("image");

        Assert.Equal("1.29-amd64", Assert.IsType<AnsibleString>(second).Value);
        Assert.Same(first, second);
    }

    [Fact]
    public void AnInputWithAnotherValue_IsEvaluatedAgain()
    {
        var memo = new TemplateMemo();
        var version = new AnsibleString("1.29");
        Engine(memo, ("image", Prefix), ("version", version), ("arch", new AnsibleString("amd64"))).Variable("image");
        var other = Engine(memo, ("image", Prefix), ("version", version), ("arch", new AnsibleString("arm64"))).Variable("image");

        Assert.Equal("1.29-arm64", Assert.IsType<AnsibleString>(other).Value);
    }

    [Fact]
    public void AnInputThatBecameUndefined_IsEvaluatedAgain()
    {
        var memo = new TemplateMemo();
        var size = new AnsibleString("{{ block_size | default(node_prefix) }}");
        var prefix = AnsibleInt.Of(25);
        Engine(memo, ("size", size), ("block_size", AnsibleInt.Of(26)), ("node_prefix", prefix)).Variable("size");
        var fallback = Engine(memo, ("size", size), ("node_prefix", prefix)).Variable("size");

        Assert.Equal("25", Assert.IsType<AnsibleString>(fallback).Value);
    }

    [Fact]
    public void ReadsTakenFromTheEnginesOwnCache_CountAsInputs()
    {
        // `outer` reads `inner` after `earlier` rendered it, so it takes `inner` from the engine's
        // cache without reading `leaf` again: `leaf` must still be among its inputs.
        var memo = new TemplateMemo();
        var earlier = new AnsibleString("{{ inner }}!");
        var outer = new AnsibleString("<{{ inner }}>");
        var inner = new AnsibleString("{{ leaf }}");
        var first = Engine(memo, ("earlier", earlier), ("outer", outer), ("inner", inner), ("leaf", new AnsibleString("a")));
        first.Variable("earlier");
        Assert.Equal("<a>", Assert.IsType<AnsibleString>(first.Variable("outer")).Value);

        var second = Engine(memo, ("earlier", earlier), ("outer", outer), ("inner", inner), ("leaf", new AnsibleString("b"))).Variable("outer");

        Assert.Equal("<b>", Assert.IsType<AnsibleString>(second).Value);
    }

    [Fact]
    public void AReusedResult_RaisesItsWarningsAgain()
    {
        var memo = new TemplateMemo();
        var value = new AnsibleString("{{ x | community.general.unmodelled }}");
        var x = new AnsibleString("a");
        var first = Engine(memo, ("v", value), ("x", x));
        first.Variable("v");
        var second = Engine(memo, ("v", value), ("x", x));
        second.Variable("v");

        Assert.NotEmpty(first.Warnings);
        Assert.Equal(first.Warnings, second.Warnings);
    }

    [Fact]
    public void ATracedEvaluation_IsReusedWithItsTrace_AndAnUntracedOneIsNot()
    {
        var memo = new TemplateMemo();
        var size = new AnsibleString("{{ block_size | default(node_prefix) }}");
        (string, AnsibleValue)[] variables = [("block_size", AnsibleInt.Of(26)), ("node_prefix", AnsibleInt.Of(25))];

        // An untraced result has no trace to give: a traced evaluation computes its own.
        Engine(memo, variables).Template(size);
        var firstTrace = new EvaluationTrace();
        var first = Engine(memo, firstTrace, variables).Template(size);
        var secondTrace = new EvaluationTrace();
        var second = Engine(memo, secondTrace, variables).Template(size);

        Assert.NotEmpty(firstTrace.Events);
        Assert.Equal(firstTrace.Events.ToList(), secondTrace.Events.ToList());
        Assert.Same(firstTrace.Events[^1], secondTrace.Events[^1]);
        Assert.Same(first, second);
    }

    [Fact]
    public void AValueTemplatedAsAVariable_IsNotReusedForTheValueAlone()
    {
        // As the variable `loop`, reading `loop` inside is Ansible's recursive loop; as a plain
        // value (a task argument), it reads the variable once more and the loop is one level down.
        var memo = new TemplateMemo();
        var self = new AnsibleString("{{ loop }}");
        var variable = Engine(memo, ("loop", self));
        Assert.Throws<TemplateError>(() => variable.Variable("loop"));

        var value = Engine(memo, ("loop", self));
        var error = Assert.Throws<TemplateError>(() => value.Template(self));
        Assert.Contains("recursive loop", error.Message, StringComparison.Ordinal);
    }

    private static TemplateEngine Engine(TemplateMemo memo, EvaluationTrace trace, params (string Name, AnsibleValue Value)[] variables) =>
        new(new Variables(variables.ToDictionary(static v => v.Name, static v => v.Value)), EvaluationOptions.Ansible214, trace, memo);

    private static TemplateEngine Engine(TemplateMemo memo, params (string Name, AnsibleValue Value)[] variables) =>
        new(new Variables(variables.ToDictionary(static v => v.Name, static v => v.Value)), EvaluationOptions.Ansible214, memo: memo);

    private sealed class Variables(Dictionary<string, AnsibleValue> values) : IVariableScope
    {
        public AnsibleValue? Raw(string name) => values.GetValueOrDefault(name);
    }
}
