using BenchmarkDotNet.Running;

namespace VarTrace.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project tests/VarTrace.Benchmarks -- --filter '*'</c>
/// (add <c>--job short</c> for a quick, less precise run). See README.md.
/// </summary>
public static class Program
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Create());
}
