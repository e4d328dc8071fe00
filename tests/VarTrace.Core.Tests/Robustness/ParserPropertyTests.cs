using CsCheck;

namespace VarTrace.Tests.Robustness;

/// <summary>
/// Random and mutated input never makes a parser throw anything but its own diagnostic, and values
/// survive printing and reading back. Iteration counts stay small here so the suite stays fast; the
/// bench run (<c>dotnet run -c Release --project tests/VarTrace.Benchmarks -- fuzz</c>) runs 100,000 per parser.
/// </summary>
public sealed class ParserPropertyTests
{
    private const int Iterations = 1_000;

    [Fact]
    public void YamlReader_OnlyEverThrowsItsOwnDiagnostics() => ParserFuzzing.YamlText.Sample(ParserFuzzing.ReadYaml, iter: Iterations);

    [Fact]
    public void IniInventoryParser_OnlyEverThrowsItsOwnDiagnostics() => ParserFuzzing.IniText.Sample(ParserFuzzing.ReadIniInventory, iter: Iterations);

    [Fact]
    public void YamlInventoryParser_OnlyEverThrowsItsOwnDiagnostics() => ParserFuzzing.YamlInventoryText.Sample(ParserFuzzing.ReadYamlInventory, iter: Iterations);

    [Fact]
    public void JinjaParser_NeverThrows() => ParserFuzzing.JinjaText.Sample(ParserFuzzing.ParseJinja, iter: Iterations);

    [Fact]
    public void Values_SurviveToYamlAndBack() => ParserFuzzing.Value.Sample(value => ParserFuzzing.SurvivesYamlRoundTrip(value, block: false), iter: Iterations, print: value => ParserFuzzing.DumpedText(value, block: false));

    [Fact]
    public void Values_SurviveToNiceYamlAndBack() => ParserFuzzing.Value.Sample(value => ParserFuzzing.SurvivesYamlRoundTrip(value, block: true), iter: Iterations, print: value => ParserFuzzing.DumpedText(value, block: true));
}
