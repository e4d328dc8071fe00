using BenchmarkDotNet.Attributes;
using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;

namespace VarTrace.Benchmarks;

/// <summary>
/// The whole of <c>vartrace values --host node1</c> on <c>fixtures/kubespray-mini</c> without the
/// output: load the checkout, choose the context, resolve every variable and template each one.
/// Baseline: loading the checkout alone (files, ansible.cfg, inventory, playbook, roles, YAML).
/// </summary>
[MemoryDiagnoser]
public class ResolutionBenchmarks
{
    private const string Host = "node1";

    private WorkspaceOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        var project = Path.Combine(RepositoryPaths.Fixtures, "kubespray-mini");
        _options = new WorkspaceOptions(project, ["inventory/mycluster/hosts.yaml"], null, [], project);

        // Measure the success path only: fail now if the fixture stopped resolving.
        var (evaluated, _) = Evaluate(Workspace.Load(_options));
        if (evaluated < 30)
        {
            throw new InvalidOperationException($"only {evaluated} variables resolved for {Host} in {project}");
        }
    }

    /// <summary>Reading and parsing the checkout.</summary>
    [Benchmark(Baseline = true)]
    public Workspace Load() => Workspace.Load(_options);

    /// <summary>Load, then the context and the precedence fold (no templating).</summary>
    [Benchmark]
    public Resolution LoadAndResolve()
    {
        var workspace = Workspace.Load(_options);
        return Resolver.Resolve(workspace, Host, Resolver.ChooseContext(workspace, Host, null, null));
    }

    /// <summary>Load, resolve, and template every variable of the host with <see cref="ValueEvaluator"/>.</summary>
    [Benchmark]
    public int LoadResolveAndEvaluateAll() => Evaluate(Workspace.Load(_options)).Known;

    private static (int Evaluated, int Known) Evaluate(Workspace workspace)
    {
        var resolution = Resolver.Resolve(workspace, Host, Resolver.ChooseContext(workspace, Host, null, null));
        var evaluator = new ValueEvaluator(resolution, EvaluationOptions.Ansible214);
        int evaluated = 0, known = 0;
        foreach (var name in resolution.Variables.Keys)
        {
            evaluated++;
            if (evaluator.Variable(name) is { IsKnown: true }) known++;
        }

        return (evaluated, known);
    }
}
