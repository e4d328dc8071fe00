using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Model;
using VarTrace.Core.Output;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;
using VarTrace.Core.Tests.Precedence;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;
using VarTrace.Tests.Infrastructure;

namespace VarTrace.Core.Tests.Jinja.Corpus;

/// <summary>
/// The table-driven Jinja conformance corpus: every row of <c>fixtures/jinja/expressions.yml</c> is a
/// play variable <c>e_&lt;id&gt;</c> of the generated project <c>fixtures/jinja/project/</c>, and what real
/// ansible-playbook 2.14 rendered for it is in <c>fixtures/jinja/expected.json</c> (recorded by
/// <c>fixtures/jinja/record.py</c>, re-verified live in CI with <c>--check</c>). VarTrace must render the
/// same value and type, or fail with an error text contained in Ansible's message. A row listed in
/// <c>fixtures/jinja/skip.yml</c> is a known gap: it must still disagree, so a fixed gap fails until its
/// entry is removed.
/// </summary>
public sealed partial class JinjaCorpusTests
{
    private const string Host = "h1";
    private static readonly string CorpusDirectory = Path.Combine(RepositoryPaths.Fixtures, "jinja");
    private static readonly string ProjectDirectory = Path.Combine(CorpusDirectory, "project");
    private static readonly Lazy<IReadOnlyList<Row>> LazyRows = new(LoadRows);
    private static readonly Lazy<IReadOnlyDictionary<string, string>> LazySkips = new(LoadSkips);
    private static readonly Lazy<JsonElement> LazyExpected = new(LoadExpected);
    private static readonly Lazy<(Resolution? Resolution, string ProjectRoot, string? Error)> LazyProject = new(LoadProject);

    public static TheoryData<string> RowIds() => new(LazyRows.Value.Select(static r => r.Id));

    [Fact]
    public void Corpus_IsRecordedAndGeneratedFromExpressions()
    {
        var rows = LazyRows.Value;
        Assert.True(rows.Count >= 400, $"expected at least 400 corpus rows, found {rows.Count}");
        var duplicates = rows.GroupBy(static r => r.Id).Where(static g => g.Count() > 1).Select(static g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "duplicate ids: " + string.Join(", ", duplicates));

        var recorded = LazyExpected.Value.EnumerateObject().Select(static p => p.Name).ToHashSet(StringComparer.Ordinal);
        var ids = rows.Select(static r => r.Id).ToHashSet(StringComparer.Ordinal);
        var unrecorded = ids.Except(recorded).Order(StringComparer.Ordinal).ToList();
        var stale = recorded.Except(ids).Order(StringComparer.Ordinal).ToList();
        Assert.True(unrecorded.Count == 0 && stale.Count == 0,
            $"expected.json is out of date (run python3 fixtures/jinja/record.py): not recorded [{string.Join(", ", unrecorded)}], no longer rows [{string.Join(", ", stale)}]");

        // The generated project must hold exactly the templates of expressions.yml.
        var site = (YamlSequenceNode)AnsibleDataLoader.Load(File.ReadAllText(Path.Combine(ProjectDirectory, "site.yml")), "site.yml").Documents[0];
        var vars = (YamlMappingNode)((YamlMappingNode)site.Items[0]).Find("vars")!.Value;
        var drift = rows
            .Where(r => vars.Find(VariableName(r.Id))?.Value.Value is not AnsibleString s || s.Value != r.Template)
            .Select(static r => r.Id)
            .ToList();
        Assert.True(drift.Count == 0, "fixtures/jinja/project/site.yml is out of date (run python3 fixtures/jinja/record.py): " + string.Join(", ", drift));

        var unknownSkips = LazySkips.Value.Keys.Where(k => !ids.Contains(k)).ToList();
        Assert.True(unknownSkips.Count == 0, "skip.yml names rows that do not exist: " + string.Join(", ", unknownSkips));
    }

    [Theory]
    [MemberData(nameof(RowIds))]
    public void Row_MatchesRealAnsible(string id)
    {
        var row = LazyRows.Value.Single(r => r.Id == id);
        var problem = Compare(row);
        if (LazySkips.Value.TryGetValue(id, out var reason))
        {
            Assert.True(problem is not null, $"{id} now agrees with Ansible: remove it from fixtures/jinja/skip.yml ({reason})");
            return;
        }

        Assert.True(problem is null, $"{id}: {row.Template}\n  {problem}");
    }

    private static string? Compare(Row row)
    {
        var (resolution, projectRoot, loadError) = LazyProject.Value;
        if (resolution is null) return $"the generated project does not load: {loadError}";
        if (!LazyExpected.Value.TryGetProperty(row.Id, out var expected)) return "not recorded: run python3 fixtures/jinja/record.py";

        EvaluatedValue? actual;
        try
        {
            actual = new ValueEvaluator(resolution, EvaluationOptions.Ansible214).Variable(VariableName(row.Id));
        }
        catch (Exception e)
        {
            return $"VarTrace threw {e.GetType().Name}: {e.Message}";
        }

        return RecordedExpectation.Compare(actual, expected, projectRoot);
    }

    private static string VariableName(string id) => "e_" + id.Replace('-', '_');

    private sealed record Row(string Id, string Template);

    private static IReadOnlyList<Row> LoadRows()
    {
        const string name = "expressions.yml";
        var document = AnsibleDataLoader.Load(File.ReadAllText(Path.Combine(CorpusDirectory, name)), name).Documents.Single();
        return [.. ((YamlSequenceNode)document).Items.Cast<YamlMappingNode>().Select(static m => new Row(
            ((AnsibleString)m.Find("id")!.Value.Value).Value,
            ((AnsibleString)m.Find("template")!.Value.Value).Value))];
    }

    /// <summary><c>skip.yml</c>: a mapping of row id to the reason VarTrace still gets it wrong.</summary>
    private static IReadOnlyDictionary<string, string> LoadSkips()
    {
        var path = Path.Combine(CorpusDirectory, "skip.yml");
        var skips = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path)) return skips;
        var documents = AnsibleDataLoader.Load(File.ReadAllText(path), "skip.yml").Documents;
        if (documents.Length == 0 || documents[0] is not YamlMappingNode map) return skips;
        foreach (var entry in map.Entries)
        {
            skips[((AnsibleString)entry.Key.Value).Value] = entry.Value.Value is AnsibleString s ? s.Value : AnsibleValueJson.ToCompactString(entry.Value.Value);
        }

        return skips;
    }

    private static JsonElement LoadExpected()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(CorpusDirectory, "expected.json")));
        return document.RootElement.GetProperty("rows").Clone();
    }

    private static (Resolution?, string, string?) LoadProject()
    {
        var options = new WorkspaceOptions(ProjectDirectory, ["inventory/hosts.ini"], Path.Combine(ProjectDirectory, "site.yml"), [], ProjectDirectory);
        try
        {
            var workspace = Workspace.Load(options);
            var resolution = Resolver.Resolve(workspace, Host, Resolver.ChooseContext(workspace, Host, 1, null));
            return (resolution, workspace.Files.Root, null);
        }
        catch (VarTraceException e)
        {
            return (null, ProjectDirectory, e.OneLine);
        }
    }
}
