using BenchmarkDotNet.Running;

namespace VarTrace.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project tests/VarTrace.Benchmarks -- --filter '*'</c>
/// (add <c>--job short</c> for a quick, less precise run), or <c>-- fuzz [N]</c> for the parser
/// property run (<see cref="FuzzRun"/>). See README.md.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["fuzz", ..]) return FuzzRun.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Create());
        return 0;
    }
}
