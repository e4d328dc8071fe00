using System.Collections.Immutable;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Jinja.Syntax.Ast;
using VarTrace.Core.Values;

namespace VarTrace.Benchmarks;

/// <summary>
/// One template string, parsed, and parsed and evaluated, as <see cref="TemplateEngine"/> does for a
/// value it has not seen before (a new engine each time, so its per-engine parse cache never hits).
/// </summary>
/// <remarks>
/// Baseline: Ansible's <c>SINGLE_VAR</c> check (<c>^{{\s*(\w*)\s*}}$</c>) on the same text. Templar
/// (and <see cref="TemplateEngine"/>) runs it on every string before deciding to parse, so it is the
/// fixed cost every templated value pays; the ratio says how many of those checks a full parse or
/// evaluation costs. A <c>string.Concat</c> of the output size would measure only an allocation.
/// </remarks>
[MemoryDiagnoser]
public partial class JinjaBenchmarks
{
    /// <summary>The templates by case name: the kubespray seed first, then two heavier typical ones.</summary>
    private static readonly Dictionary<string, (string Text, string Expected)> Templates = new(StringComparer.Ordinal)
    {
        // kubespray roles/network_plugin/calico: the IPPool's blockSize (the bug in fixtures/kubespray-mini).
        ["seed"] = ("{{ calico_pool_blocksize | default(kube_network_node_prefix) }}", "26"),

        // A filter chain over an inventory group, as kubespray builds its node lists.
        ["filters"] = ("{{ (groups['k8s_cluster'] | default([])) | map('upper') | join(',') }}", "NODE1,NODE2,NODE3,NODE4,NODE5"),

        // kubespray's etcd peer list shape: a for loop with an if and a default inside.
        ["for-if"] = (
            "{% for host in groups['etcd'] %}{% if not loop.first %},{% endif %}{{ host }}=https://{{ host }}.{{ cluster_domain | default('cluster.local') }}:2380{% endfor %}",
            "node1=https://node1.cluster.local:2380,node2=https://node2.cluster.local:2380,node3=https://node3.cluster.local:2380"),
    };

    private static readonly Scope Variables = new(new Dictionary<string, AnsibleValue>(StringComparer.Ordinal)
    {
        ["calico_pool_blocksize"] = AnsibleInt.Of(26),
        ["kube_network_node_prefix"] = AnsibleInt.Of(25),
        ["groups"] = new AnsibleDict(
        [
            Group("k8s_cluster", "node1", "node2", "node3", "node4", "node5"),
            Group("etcd", "node1", "node2", "node3"),
            Group("kube_control_plane", "node1", "node2"),
        ]),
    });

    private string _text = string.Empty;

    /// <summary>Which template: <c>seed</c> (kubespray's calico blockSize), <c>filters</c> or <c>for-if</c>.</summary>
    [Params("seed", "filters", "for-if")]
    public string Template { get; set; } = "seed";

    [GlobalSetup]
    public void Setup()
    {
        (_text, var expected) = Templates[Template];

        // Measure the success path only: fail now if the engine does not render what Ansible would.
        var actual = ParseAndEvaluate();
        if (actual is not AnsibleString { Value: var text } || text != expected)
        {
            throw new InvalidOperationException($"`{_text}` rendered {PythonRepr.Repr(actual)}, expected '{expected}'");
        }
    }

    /// <summary>Templar's <c>SINGLE_VAR</c> fast-path check on the same text.</summary>
    [Benchmark(Baseline = true)]
    public bool SingleVarCheck() => SingleVariable().Match(_text).Success;

    /// <summary>Lexing and parsing with the Templar's syntax options.</summary>
    [Benchmark]
    public TemplateNode Parse() => new JinjaParser(JinjaSyntaxOptions.AnsibleTemplar).ParseTemplate(_text);

    /// <summary><c>Templar.template</c> of the string: fast-path check, parse, evaluate, concat.</summary>
    [Benchmark]
    public AnsibleValue ParseAndEvaluate() =>
        new TemplateEngine(Variables, EvaluationOptions.Ansible214).Template(new AnsibleString(_text));

    private static KeyValuePair<AnsibleValue, AnsibleValue> Group(string name, params string[] hosts) =>
        new(new AnsibleString(name), new AnsibleList([.. hosts.Select(static h => (AnsibleValue)new AnsibleString(h))]));

    /// <summary>The same pattern as <see cref="TemplateEngine"/>'s (Ansible's <c>SINGLE_VAR</c>).</summary>
    [GeneratedRegex(@"^\{\{\s*(\w*)\s*\}\}$", RegexOptions.CultureInvariant)]
    private static partial Regex SingleVariable();

    private sealed class Scope(Dictionary<string, AnsibleValue> values) : IVariableScope
    {
        public AnsibleValue? Raw(string name) => values.GetValueOrDefault(name);
    }
}
