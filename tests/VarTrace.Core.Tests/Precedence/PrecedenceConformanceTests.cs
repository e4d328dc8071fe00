using System.Text.Json;
using System.Text.Json.Nodes;
using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Model;
using VarTrace.Core.Output;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;
using VarTrace.Core.Tasks;
using VarTrace.Tests.Infrastructure;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Tests.Precedence;

/// <summary>
/// Checks VarTrace against what real ansible-playbook 2.14 resolved for every case of
/// <c>fixtures/precedence/</c> (recorded by <c>fixtures/precedence/record.py</c>, re-verified live in CI).
/// A case with a <c>SKIP</c> file is a known gap: it must still disagree, so a fixed gap fails until
/// its SKIP file is removed.
/// </summary>
public sealed class PrecedenceConformanceTests
{
    private static readonly string CasesDirectory = Path.Combine(RepositoryPaths.Fixtures, "precedence");

    public static TheoryData<string> Cases() => new(CaseNames());

    [Fact]
    public void Corpus_HasRecordedCases()
    {
        var cases = CaseNames();
        Assert.True(cases.Count >= 50, $"expected at least 50 recorded cases, found {cases.Count}");
        Assert.All(cases, c => Assert.True(File.Exists(Path.Combine(CasesDirectory, c, "expected.json")), $"{c} has no expected.json"));
    }

    private static List<string> CaseNames() =>
        [.. Directory.EnumerateDirectories(CasesDirectory)
            .Where(static d => File.Exists(Path.Combine(d, "case.yml")))
            .Select(static d => Path.GetFileName(d))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_MatchesRealAnsible(string caseName)
    {
        var directory = Path.Combine(CasesDirectory, caseName);
        var mismatches = Compare(directory);
        var skip = Path.Combine(directory, "SKIP");
        if (File.Exists(skip))
        {
            Assert.True(mismatches.Count > 0, $"{caseName} now agrees with Ansible: delete its SKIP file ({File.ReadAllText(skip).Trim()})");
            return;
        }

        Assert.True(mismatches.Count == 0, $"{caseName}:\n  " + string.Join("\n  ", mismatches));
    }

    private static List<string> Compare(string directory)
    {
        var spec = (YamlMappingNode)YamlLoader.Load(File.ReadAllText(Path.Combine(directory, "case.yml")), "case.yml").Documents[0];
        var project = Path.Combine(directory, "project");
        var options = new WorkspaceOptions(
            project,
            Strings(spec, "inventory"),
            Path.Combine(project, Strings(spec, "playbook").Single()),
            Strings(spec, "extra_vars"),
            project);
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "expected.json")));
        var mismatches = new List<string>();
        Workspace workspace;
        try
        {
            workspace = Workspace.Load(options);
        }
        catch (VarTraceException e)
        {
            return [$"loading failed: {e.OneLine}"];
        }

        // A case that keeps its tasks is resolved at its probes' task lines; the others had every
        // task stripped by the recorder, so they are resolved without tasks.
        var runner = spec.Find("keep_tasks")?.Value.Value is AnsibleBool { Value: true } ? new TaskRunner(workspace) : null;
        foreach (var probe in expected.RootElement.GetProperty("probes").EnumerateArray())
        {
            var host = probe.GetProperty("host").GetString()!;
            var play = probe.TryGetProperty("play", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 1;
            var role = probe.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var at = probe.TryGetProperty("at", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            var where = $"{host} play {play}{(role is null ? string.Empty : $" role {role}")}{(at is null ? string.Empty : $" at {at}")}";
            Resolution resolution;
            try
            {
                var context = runner is null ? Resolver.ChooseContext(workspace, host, play, role) : runner.ChooseContext(host, play, role, at);
                resolution = Resolver.Resolve(workspace, host, context);
            }
            catch (VarTraceException e)
            {
                mismatches.Add($"{where}: {e.OneLine}");
                continue;
            }

            var evaluator = new ValueEvaluator(resolution, EvaluationOptions.Ansible214);
            foreach (var variable in probe.GetProperty("variables").EnumerateObject())
            {
                var problem = CompareVariable(evaluator, variable.Name, variable.Value, workspace.Files.Root);
                if (problem is not null) mismatches.Add($"{where} `{variable.Name}`: {problem}");
            }
        }

        return mismatches;
    }

    private static string? CompareVariable(ValueEvaluator evaluator, string name, JsonElement expected, string projectRoot) =>
        RecordedExpectation.Compare(evaluator.Variable(name), expected, projectRoot);

    private static IReadOnlyList<string> Strings(YamlMappingNode spec, string key) => spec.Find(key)?.Value.Value switch
    {
        AnsibleString s => [s.Value],
        AnsibleList list => [.. list.Items.OfType<AnsibleString>().Select(static s => s.Value)],
        _ => [],
    };
}
