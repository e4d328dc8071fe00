using System.Text.RegularExpressions;
using VarTrace.Core.Checks;
using VarTrace.Core.Output.Diagnostics;
using VarTrace.Core.Project;
using VarTrace.Tests.Infrastructure;

namespace VarTrace.Core.Tests.Checks;

/// <summary>
/// Runs every fixture under <c>fixtures/rules/ID/case/</c> with only rule ID enabled: the findings
/// must be exactly the <c># expect: ID</c> comments, and the text output must match its snapshot.
/// </summary>
public sealed partial class RuleFixtureTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var ruleDirectory in Directory.GetDirectories(Path.Combine(RepositoryPaths.Fixtures, "rules")).Order(StringComparer.Ordinal))
        {
            foreach (var caseDirectory in Directory.GetDirectories(ruleDirectory).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(ruleDirectory), Path.GetFileName(caseDirectory));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fixture_ReportsExactlyTheExpectedFindings(string ruleId, string caseName)
    {
        var root = Path.Combine(RepositoryPaths.Fixtures, "rules", ruleId, caseName);
        var result = CheckEngine.Run(new CheckOptions(new WorkspaceOptions(root, [], null, [], root), CheckConfig.Empty, new HashSet<string> { ruleId }));

        var expected = ExpectedFindings(root).Where(e => e.Rule == ruleId).Order().ToList();
        var actual = result.Diagnostics.Select(static d => (d.Location.File, d.Location.Line, Rule: d.Rule.Id)).Order().ToList();
        Assert.Equal(expected, actual);
        if (caseName.StartsWith("pass-", StringComparison.Ordinal)) Assert.Empty(actual);
        else Assert.NotEmpty(actual);

        using var text = new StringWriter();
        text.Write($"# fixtures/rules/{ruleId}/{caseName}\n");
        DiagnosticFormatters.For(DiagnosticFormat.Text).Write(text, result);
        Snapshot.Match("tests/VarTrace.Core.Tests/Checks/snapshots", $"{ruleId}.{caseName}", text.ToString());
    }

    private static IEnumerable<(string File, int Line, string Rule)> ExpectedFindings(string root)
    {
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match match in ExpectComment().Matches(lines[i])) yield return (relative, i + 1, match.Groups[1].Value);
            }
        }
    }

    [GeneratedRegex(@"# expect: (VT\d{4})")]
    private static partial Regex ExpectComment();
}
