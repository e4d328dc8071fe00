using BenchmarkDotNet.Attributes;
using VarTrace.Core.Checks;
using VarTrace.Core.Project;

namespace VarTrace.Benchmarks;

/// <summary>
/// <c>vartrace check</c> on <c>fixtures/kubespray-mini</c> without the output: load, scan every file,
/// resolve every host in every play and role context, run all rules. Baseline: loading the checkout alone.
/// </summary>
[MemoryDiagnoser]
public class CheckBenchmarks
{
    private WorkspaceOptions _workspace = null!;

    [GlobalSetup]
    public void Setup()
    {
        var project = Path.Combine(RepositoryPaths.Fixtures, "kubespray-mini");
        _workspace = new WorkspaceOptions(project, ["inventory/mycluster/hosts.yaml"], null, [], project);

        // Measure the success path only: fail now if the motivating finding disappeared.
        if (!Check().Diagnostics.Any(static d => d.Rule.Id == "VT1002"))
        {
            throw new InvalidOperationException($"the blockSize finding (VT1002) is missing on {project}");
        }
    }

    /// <summary>Reading and parsing the checkout.</summary>
    [Benchmark(Baseline = true)]
    public Workspace Load() => Workspace.Load(_workspace);

    /// <summary>The whole check, every rule enabled.</summary>
    [Benchmark]
    public CheckResult Check() => CheckEngine.Run(new CheckOptions(_workspace, CheckConfig.Empty));
}
