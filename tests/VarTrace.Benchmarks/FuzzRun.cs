using System.Diagnostics;
using CsCheck;
using VarTrace.Tests.Robustness;

namespace VarTrace.Benchmarks;

/// <summary>
/// The bench run of the parser properties (<c>-- fuzz [N]</c>, default 100,000 inputs per parser):
/// the same generators and checks as the suite's ParserPropertyTests, at bench scale. Prints one
/// line per parser and exits 1 when any property failed, with CsCheck's shrunk input and seed.
/// </summary>
internal static class FuzzRun
{
    public static int Run(int iterations)
    {
        var failures = 0;
        failures += Check("YAML reader", iterations, () => ParserFuzzing.YamlText.Sample(ParserFuzzing.ReadYaml, iter: iterations));
        failures += Check("INI inventory parser", iterations, () => ParserFuzzing.IniText.Sample(ParserFuzzing.ReadIniInventory, iter: iterations));
        failures += Check("YAML inventory parser", iterations, () => ParserFuzzing.YamlInventoryText.Sample(ParserFuzzing.ReadYamlInventory, iter: iterations));
        failures += Check("Jinja parser", iterations, () => ParserFuzzing.JinjaText.Sample(ParserFuzzing.ParseJinja, iter: iterations));
        failures += Check("to_yaml round trip", iterations, () => ParserFuzzing.Value.Sample(v => ParserFuzzing.SurvivesYamlRoundTrip(v, block: false), iter: iterations, print: v => ParserFuzzing.DumpedText(v, block: false)));
        failures += Check("to_nice_yaml round trip", iterations, () => ParserFuzzing.Value.Sample(v => ParserFuzzing.SurvivesYamlRoundTrip(v, block: true), iter: iterations, print: v => ParserFuzzing.DumpedText(v, block: true)));
        Console.WriteLine(failures == 0 ? "fuzz: no failures" : $"fuzz: {failures} properties failed");
        return failures == 0 ? 0 : 1;
    }

    private static int Check(string name, int iterations, Action run)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            run();
            Console.WriteLine($"{name}: {iterations:N0} generated inputs, no failure ({clock.Elapsed.TotalSeconds:F1} s)");
            return 0;
        }
        catch (Exception e)
        {
            Console.WriteLine($"{name}: FAILED after {clock.Elapsed.TotalSeconds:F1} s\n{e.Message}\n{e.InnerException}");
            return 1;
        }
    }
}
