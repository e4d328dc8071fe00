using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;
using VarTrace.Core.Checks;
using VarTrace.Core.Output.Diagnostics;
using VarTrace.Core.Project;
using VarTrace.Tests.Infrastructure;

namespace VarTrace.Core.Tests.Output;

public sealed partial class DiagnosticFormatterTests
{
    [Theory]
    [InlineData(DiagnosticFormat.Text)]
    [InlineData(DiagnosticFormat.Json)]
    [InlineData(DiagnosticFormat.Sarif)]
    [InlineData(DiagnosticFormat.Markdown)]
    [InlineData(DiagnosticFormat.MsBuild)]
    [InlineData(DiagnosticFormat.GitHub)]
    [InlineData(DiagnosticFormat.GitLab)]
    public void Corpus_RendersAsItsSnapshot(DiagnosticFormat format)
    {
        Snapshot.Match("tests/VarTrace.Core.Tests/Output/snapshots", format.ToString().ToLowerInvariant(), Render(format, DiagnosticCorpus.Create()));
    }

    [Fact]
    public void Text_WithColour_PaintsSeverityAndCarets()
    {
        using var writer = new StringWriter();
        DiagnosticFormatters.For(DiagnosticFormat.Text, colour: true).Write(writer, DiagnosticCorpus.Create());

        Assert.Contains("\u001b[1;31merror[VT2003]\u001b[0m", writer.ToString());
    }

    [Fact]
    public void Sarif_OfKubesprayMini_ValidatesAgainstTheSarif210Schema()
    {
        var root = Path.Combine(RepositoryPaths.Fixtures, "kubespray-mini");
        var result = CheckEngine.Run(new CheckOptions(new WorkspaceOptions(root, ["inventory/mycluster/hosts.yaml"], null, [], root), CheckConfig.Empty));
        var sarif = JsonNode.Parse(Render(DiagnosticFormat.Sarif, result))!;

        AssertValidSarif(sarif);
        var results = sarif["runs"]![0]!["results"]!.AsArray();
        var fallback = Assert.Single(results, static r => r!["ruleId"]!.GetValue<string>() == "VT1002")!;
        Assert.Equal(32, fallback["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!.GetValue<int>());
        Assert.Equal(2, fallback["relatedLocations"]!.AsArray().Count);
        Assert.Equal(results.Count, results.Select(static r => r!["partialFingerprints"]!["vartrace/v1"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public void Sarif_OfTheCorpus_ValidatesAgainstTheSarif210Schema() =>
        AssertValidSarif(JsonNode.Parse(Render(DiagnosticFormat.Sarif, DiagnosticCorpus.Create()))!);

    [Fact]
    public void Sarif_FingerprintsStayTheSameWhenLinesMove()
    {
        using var project = new TempProject();
        project.With("ansible.cfg", "[defaults]\ninventory = hosts.yml\n").With("hosts.yml", "all:\n  hosts:\n    web1:\n")
            .With("site.yml", "- hosts: all\n  roles: [web]\n").With("roles/web/vars/main.yml", "http_port: 80\n")
            .With("group_vars/all.yml", "http_port: 8080\n");
        var before = CheckEngine.Run(Options(project.Root)).Diagnostics.Single(static d => d.Rule.Id == "VT1001").Fingerprint;
        project.With("group_vars/all.yml", "# moved down\n\nhttp_port: 8080\n");
        var after = CheckEngine.Run(Options(project.Root)).Diagnostics.Single(static d => d.Rule.Id == "VT1001");

        Assert.Equal(3, after.Location.Line);
        Assert.Equal(before, after.Fingerprint);
    }

    [Theory]
    [InlineData(OldMsCompile)]
    [InlineData(NewMsCompile)]
    public void MsBuild_LinesAreReadByVsCodesMsCompileMatcher(string pattern)
    {
        var corpus = DiagnosticCorpus.Create();
        var lines = Render(DiagnosticFormat.MsBuild, corpus).TrimEnd('\n').Split('\n');

        Assert.Equal(corpus.Diagnostics.Length, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var match = Regex.Match(lines[i], pattern);
            Assert.True(match.Success, lines[i]);
            var d = corpus.Diagnostics[i];
            var offset = match.Groups.Count == 7 ? 1 : 0;
            Assert.Equal(d.Location.File, match.Groups[1].Value);
            Assert.Equal(d.Location.Line > 0 ? $"{d.Location.Line},{d.Location.Column}" : "1,1", match.Groups[2].Value);
            Assert.Equal(d.Severity.Name(), match.Groups[3 + offset].Value);
            Assert.Equal(d.Rule.Id, match.Groups[4 + offset].Value);
            Assert.Equal(d.Message, match.Groups[5 + offset].Value);
        }
    }

    // VS Code's $msCompile pattern (src/vs/workbench/contrib/tasks/common/problemMatcher.ts), before and after it allowed a missing location.
    private const string OldMsCompile = @"^(?:\s*\d+>)?(\S.*)\((\d+|\d+,\d+|\d+,\d+,\d+,\d+)\)\s*:\s+((?:fatal +)?error|warning|info)\s+(\w+\d+)\s*:\s*(.*)$";
    private const string NewMsCompile = @"^\s*(?:\s*\d+>)?(\S.*?)(?:\((\d+|\d+,\d+|\d+,\d+,\d+,\d+)\))?\s*:\s+(?:(\S+)\s+)?((?:fatal +)?error|warning|info)\s+(\w+\d+)?\s*:\s*(.*)$";

    private static CheckOptions Options(string root) => new(new WorkspaceOptions(root, [], null, [], root), CheckConfig.Empty);

    private static string Render(DiagnosticFormat format, CheckResult result)
    {
        using var writer = new StringWriter();
        DiagnosticFormatters.For(format).Write(writer, result);
        return writer.ToString();
    }

    private static void AssertValidSarif(JsonNode sarif)
    {
        // The official schema is draft-04, which NJsonSchema reads (JsonSchema.Net 8 no longer does).
        var schema = JsonSchema.FromFileAsync(Path.Combine(RepositoryPaths.Fixtures, "schemas", "sarif-schema-2.1.0.json")).GetAwaiter().GetResult();
        var errors = schema.Validate(sarif.ToJsonString());
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(static e => $"{e.Path}: {e.Kind}")));
    }
}
