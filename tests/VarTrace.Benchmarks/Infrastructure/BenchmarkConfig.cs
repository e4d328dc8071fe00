using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace VarTrace.Benchmarks;

/// <summary>
/// The shared configuration: BenchmarkDotNet's defaults (the job comes from the command line, e.g.
/// <c>--job short</c>) plus operations per second and allocations. Each class's
/// <c>[Benchmark(Baseline = true)]</c> gives the Ratio column.
/// </summary>
internal static class BenchmarkConfig
{
    public static IConfig Create() =>
        DefaultConfig.Instance
            .AddColumn(StatisticColumn.OperationsPerSecond)
            .AddDiagnoser(MemoryDiagnoser.Default);
}
