using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using VarTrace.Cli.Tests.Infrastructure;
using VarTrace.Tests.Infrastructure;

namespace VarTrace.Cli.Tests;

/// <summary>
/// <c>vartrace diff</c> on a git repository holding fixtures/kubespray-mini (base) and a change
/// (head) that gives the workers their own <c>kube_network_node_prefix</c>, moves
/// <c>kube_proxy_mode</c> to group_vars/all, sets <c>calico_mtu</c> (which nothing reads) and
/// drops <c>calico_pool_blocksize</c> from the calico role's defaults so the IPPool's
/// <c>default(kube_network_node_prefix)</c> fallback finally applies; the working tree then
/// changes <c>kube_config_dir</c> without committing. The head's values were checked with
/// ansible-playbook 2.14.18 (a debug task inside the calico role): node1 prefix 25, node2-7
/// prefix 24, kube_proxy_mode ipvs, calico_mtu 1400, calico_pool_blocksize undefined (base: 26)
/// so the pool's blockSize is 25 on node1 and 24 on node2-7 (base: 26 everywhere), and with the
/// working tree's change kube_cert_dir /etc/k8s/ssl.
/// </summary>
public sealed partial class DiffCommandTests(DiffCommandTests.Repository repository) : IClassFixture<DiffCommandTests.Repository>
{
    private const string Inventory = "inventory/mycluster/hosts.yaml";

    private readonly GitRepository _repository = repository.Git;

    private readonly Repository _fixture = repository;

    [Theory]
    [InlineData("text", "diff.txt")]
    [InlineData("json", "diff.json")]
    [InlineData("markdown", "diff.md")]
    [InlineData("sarif", "diff.sarif")]
    public void BetweenCommits_EveryFormat_MatchesItsGoldenFile(string format, string golden)
    {
        var (exitCode, output, error) = Diff("--base", "HEAD~1", "--head", "HEAD", "--format", format);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        GoldenFile.AssertMatches(golden, output);
    }

    [Fact]
    public async Task Sarif_IsValidAgainstTheSarif210Schema_AndAnnotatesOnlyChangedLines()
    {
        var (_, output, _) = Diff("--base", "HEAD~1", "--head", "HEAD", "--format", "sarif");

        var schema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(CliRunner.RepositoryRoot, "fixtures", "schemas", "sarif-schema-2.1.0.json"));
        var errors = schema.Validate(output);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(static e => $"{e.Path}: {e.Kind}")));
        using var json = JsonDocument.Parse(output);
        var locations = json.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(static r => r.GetProperty("locations")[0].GetProperty("physicalLocation"))
            .Select(static l => $"{l.GetProperty("artifactLocation").GetProperty("uri").GetString()}:{l.GetProperty("region").GetProperty("startLine").GetInt32()}");
        Assert.Equal(
            [
                "inventory/mycluster/group_vars/k8s_cluster/k8s-net-calico.yml:23", "inventory/mycluster/group_vars/kube_node/network.yml:3", "inventory/mycluster/group_vars/all/all.yml:17",
                "inventory/mycluster/group_vars/all/all.yml:17", "inventory/mycluster/group_vars/k8s_cluster/k8s-net-calico.yml:23",
            ],
            locations);
    }

    [Fact]
    public void Sarif_ReportsIntroducedFindingsOnChangedLines_WithCheckFingerprints()
    {
        var (_, output, _) = Diff("--base", "HEAD~1", "--head", "HEAD", "--format", "sarif");
        var (_, checkOutput, _) = CliRunner.Run(_repository.Root, ["check", "-i", Inventory, "--format", "json"]);

        using var json = JsonDocument.Parse(output);
        var run = json.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(static r => r.GetProperty("id").GetString()).ToList();
        var findings = run.GetProperty("results").EnumerateArray().Where(static r => r.GetProperty("ruleId").GetString()!.StartsWith("VT", StringComparison.Ordinal)).ToList();
        Assert.Equal(["VT3001", "VT3001"], findings.Select(static f => f.GetProperty("ruleId").GetString()));
        Assert.All(findings, f => Assert.Equal("VT3001", rules[f.GetProperty("ruleIndex").GetInt32()]));
        Assert.All(findings, static f => Assert.Equal("note", f.GetProperty("level").GetString()));
        using var check = JsonDocument.Parse(checkOutput);
        var checkFingerprints = check.RootElement.GetProperty("diagnostics").EnumerateArray().Select(static d => d.GetProperty("fingerprint").GetString()).ToHashSet();
        Assert.All(findings, f => Assert.Contains(f.GetProperty("partialFingerprints").GetProperty("vartrace/v1").GetString(), checkFingerprints));
    }

    [Fact]
    public void BetweenCommits_ReportsTheFindingsIntroducedAndFixed_NotThoseThatOnlyMoved()
    {
        var (_, output, _) = Diff("--base", "HEAD~1", "--head", "HEAD", "--format", "json");

        using var json = JsonDocument.Parse(output);
        var findings = json.RootElement.GetProperty("findings");
        // Workers now get /24 node subnets out of a /24 pod subnet, and the calico pool follows the node prefix.
        Assert.Equal(
            [
                "VT3001 inventory/mycluster/group_vars/all/all.yml:17:1 `kube_proxy_mode` on a changed line",
                "VT4002 inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml:20:1 `kube_pods_subnet`",
                "VT4002 inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml:20:1 `kube_pods_subnet`",
                "VT4002 inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml:20:1 `kube_pods_subnet`",
                "VT3001 inventory/mycluster/group_vars/k8s_cluster/k8s-net-calico.yml:23:1 `calico_mtu` on a changed line",
                "VT2005 roles/network_plugin/calico/tasks/check.yml:13:9 `Calico | Check that the IP pool has a block for every node`",
            ],
            findings.GetProperty("introduced").EnumerateArray().Select(static f => $"{Describe(f)}{(f.GetProperty("onChangedLine").GetBoolean() ? " on a changed line" : string.Empty)}"));
        Assert.Equal(
            [
                "VT4002 inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml:20:1 `kube_pods_subnet`",
                "VT4001 inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml:23:1 `kube_network_node_prefix`",
                "VT3001 inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml:26:1 `kube_proxy_mode`",
                "VT2004 roles/network_plugin/calico/tasks/check.yml:13:9 `Calico | Check that the IP pool has a block for every node`",
                "VT1002 roles/network_plugin/calico/tasks/install.yml:32:31 `kube_network_node_prefix`",
            ],
            findings.GetProperty("fixed").EnumerateArray().Select(Describe));
        Assert.Equal(6, json.RootElement.GetProperty("summary").GetProperty("findingsIntroduced").GetInt32());
        Assert.Equal(5, json.RootElement.GetProperty("summary").GetProperty("findingsFixed").GetInt32());

        // Removing kube_proxy_mode moved the findings below it in k8s-cluster.yml up two lines: still the same findings.
        var (_, check, _) = CliRunner.Run(_repository.Root, ["check", "-i", Inventory, "--format", "msbuild"]);
        Assert.Contains("inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml(28,1): info VT3001: `dns_mode`", check);
        Assert.DoesNotContain("dns_mode", output);

        static string Describe(JsonElement finding) =>
            $"{finding.GetProperty("ruleId").GetString()} {finding.GetProperty("where").GetString()} {Regex.Match(finding.GetProperty("message").GetString()!, "`[^`]+`").Value}";
    }

    [Fact]
    public void BetweenCommits_ReportsTheValueChangeOnTheWorkersOnly_AndNotTheUncommittedChange()
    {
        var (_, output, _) = Diff("--base", "HEAD~1", "--head", "HEAD", "--format", "json");

        using var json = JsonDocument.Parse(output);
        var changes = json.RootElement.GetProperty("changes").EnumerateArray().ToList();
        var prefix = changes.Single(c => c.GetProperty("variable").GetString() == "kube_network_node_prefix");
        Assert.Equal("value-changed", prefix.GetProperty("kind").GetString());
        Assert.Equal(["node2", "node3", "node4", "node5", "node6", "node7"], prefix.GetProperty("hosts").EnumerateArray().Select(static h => h.GetString()));
        Assert.Equal("25", prefix.GetProperty("base").GetProperty("value").GetString());
        Assert.Equal("24", prefix.GetProperty("head").GetProperty("value").GetString());
        Assert.Equal("inventory/mycluster/group_vars/kube_node/network.yml", prefix.GetProperty("head").GetProperty("source").GetProperty("file").GetString());
        Assert.True(prefix.GetProperty("stoppedTakingEffect").GetBoolean());
        var proxy = changes.Single(c => c.GetProperty("variable").GetString() == "kube_proxy_mode");
        Assert.Equal("source-moved", proxy.GetProperty("kind").GetString());
        Assert.Equal("inventory_group_vars_all", proxy.GetProperty("head").GetProperty("source").GetProperty("level").GetString());
        var mtu = changes.Single(c => c.GetProperty("variable").GetString() == "calico_mtu");
        Assert.Equal("added", mtu.GetProperty("kind").GetString());
        Assert.Equal("1400", mtu.GetProperty("head").GetProperty("value").GetString());
        Assert.DoesNotContain(changes, c => c.GetProperty("variable").GetString() is "kube_config_dir" or "kube_cert_dir");
    }

    [Fact]
    public void HeadDefaultsToTheWorkingTree_WithUncommittedChanges_EvaluatingTemplates()
    {
        var (exitCode, output, _) = Diff("--base", "HEAD");

        Assert.Equal(0, exitCode);
        Assert.Contains("# vartrace diff: base `HEAD` -> the working tree", output);
        Assert.Contains("kube_cert_dir  value changed", output);
        Assert.Contains("\"/etc/kubernetes/ssl\"  from inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml:4:1", output);
        Assert.Contains("\"/etc/k8s/ssl\"  from inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml:4:1", output);
        Assert.Contains("kube_config_dir  value changed", output);
        Assert.DoesNotContain("kube_network_node_prefix", output);
    }

    [Fact]
    public void TheWorkingTreeAndRepository_AreLeftUntouched()
    {
        var statusBefore = _repository.Git("status", "--porcelain=v1", "--untracked-files=all");
        var filesBefore = _repository.Snapshot();

        CliRunner.Run(_repository.Root, ["diff", "-i", Inventory, "--base", "HEAD~1", "--format", "markdown"]);
        CliRunner.Run(_repository.Root, ["diff", "-i", Inventory, "--base", "HEAD~1", "--head", "HEAD", "--format", "sarif"]);

        Assert.Equal(filesBefore, _repository.Snapshot());
        Assert.Equal(statusBefore, _repository.Git("status", "--porcelain=v1", "--untracked-files=all"));
    }

    [Fact]
    public void Markdown_IsAStickyComment_WithATable_AndWellFormedMermaid()
    {
        var (_, output, _) = Diff("--base", "HEAD~1", "--head", "HEAD", "--format", "markdown");

        Assert.StartsWith("<!-- vartrace-diff -->\n", output);
        var lines = output.Split('\n');
        var header = Array.FindIndex(lines, static l => l.StartsWith("| Variable |", StringComparison.Ordinal));
        Assert.True(header >= 0, "no table header");
        var columns = Cells(lines[header]).Count;
        Assert.Matches(@"^\|(---\|)+$", lines[header + 1]);
        Assert.Equal(columns, Cells(lines[header + 1]).Count);
        var rows = lines.Skip(header + 2).TakeWhile(static l => l.StartsWith('|')).ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, row => Assert.Equal(columns, Cells(row).Count));
        Assert.Contains(rows, static r => r.StartsWith("| `kube_network_node_prefix` | node2, node3, node4, node5, node6, node7 | `25` | `24` |", StringComparison.Ordinal));
        Assert.Contains("<details>", output);
        Assert.Contains("</details>", output);

        var charts = MermaidBlocks(output);
        Assert.NotEmpty(charts);
        foreach (var chart in charts) AssertWellFormedFlowchart(chart);
    }

    [Fact]
    public void Template_ReplacesTheBuiltInComment()
    {
        var template = Path.Combine(_repository.Root, "..", $"{Guid.NewGuid():N}.liquid");
        File.WriteAllText(template, "{% for c in diff.changes %}{{ c.variable }}: {{ c.base.value }} -> {{ c.head.value }} on {{ c.hosts | size }} hosts\n{% endfor %}");
        try
        {
            var (exitCode, output, _) = Diff("--base", "HEAD~1", "--head", "HEAD", "--format", "markdown", "--template", template);

            Assert.Equal(0, exitCode);
            Assert.Contains("kube_network_node_prefix: 25 -> 24 on 6 hosts\n", output);
        }
        finally
        {
            File.Delete(template);
        }
    }

    [Fact]
    public void UnknownRevision_IsAnInputError()
    {
        var (exitCode, _, error) = Diff("--base", "no-such-branch");

        Assert.Equal(2, exitCode);
        Assert.Equal("error: `no-such-branch` is not a commit of the repository at `.`\n".Replace("`.`", $"`{_repository.Root}`"), error);
    }

    private (int ExitCode, string Output, string Error) Diff(params string[] arguments) => _fixture.Diff(["diff", "-i", Inventory, .. arguments]);

    /// <summary>The cells of a GFM table row: split on pipes that are not escaped.</summary>
    private static List<string> Cells(string row) => [.. UnescapedPipe().Split(row.Trim()[1..^1])];

    private static List<List<string>> MermaidBlocks(string markdown)
    {
        var blocks = new List<List<string>>();
        List<string>? current = null;
        foreach (var line in markdown.Split('\n'))
        {
            if (current is null && line == "```mermaid") current = [];
            else if (current is not null && line == "```")
            {
                blocks.Add(current);
                current = null;
            }
            else current?.Add(line);
        }

        Assert.Null(current);
        return blocks;
    }

    /// <summary>
    /// A small structural parser for the flowchart subset VarTrace writes: a <c>flowchart</c> or
    /// <c>graph</c> header, then node, edge, class and classDef lines; every edge joins declared nodes.
    /// </summary>
    private static void AssertWellFormedFlowchart(List<string> lines)
    {
        Assert.Matches(@"^(flowchart|graph) (LR|RL|TB|TD|BT)$", lines[0]);
        var nodes = new HashSet<string>();
        var edges = new List<(string From, string To)>();
        var classes = new HashSet<string>();
        foreach (var line in lines.Skip(1))
        {
            if (NodeLine().Match(line) is { Success: true } node) nodes.Add(node.Groups[1].Value);
            else if (EdgeLine().Match(line) is { Success: true } edge) edges.Add((edge.Groups[1].Value, edge.Groups[2].Value));
            else if (ClassDefLine().Match(line) is { Success: true } classDef) classes.Add(classDef.Groups[1].Value);
            else Assert.Matches(@"^  class \w+ \w+$", line);
        }

        Assert.NotEmpty(nodes);
        Assert.All(edges, edge => Assert.True(nodes.Contains(edge.From) && nodes.Contains(edge.To), $"edge {edge} joins an undeclared node"));
        Assert.All(lines.Where(static l => l.StartsWith("  class ", StringComparison.Ordinal)), line =>
        {
            var parts = line.Trim().Split(' ');
            Assert.Contains(parts[1], nodes);
            Assert.Contains(parts[2], classes);
        });
    }

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();

    [GeneratedRegex("^  (\\w+)\\[\"[^\"]*\"\\]$")]
    private static partial Regex NodeLine();

    [GeneratedRegex(@"^  (\w+) (?:-->|-\.->)(?:\|[^|]+\|)? (\w+)$")]
    private static partial Regex EdgeLine();

    [GeneratedRegex(@"^  classDef (\w+) \S.*$")]
    private static partial Regex ClassDefLine();

    /// <summary>The two commits and the uncommitted change, built once for every test of the class.</summary>
    public sealed class Repository : IDisposable
    {
        private readonly ConcurrentDictionary<string, (int ExitCode, string Output, string Error)> _runs = new(StringComparer.Ordinal);

        public Repository()
        {
            Git.WithCopyOf(CliRunner.KubesprayMini).Commit("kubespray-mini");
            Git.With("inventory/mycluster/group_vars/kube_node/network.yml", "---\n# Bigger pod blocks on the workers\nkube_network_node_prefix: 24\n");
            Edit("inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml", "# kube-proxy mode: iptables or ipvs\nkube_proxy_mode: ipvs\n", string.Empty);
            Edit("inventory/mycluster/group_vars/all/all.yml", "#   - 8.8.4.4\n", "#   - 8.8.4.4\n\n# kube-proxy mode: iptables or ipvs\nkube_proxy_mode: ipvs\n");
            Edit("inventory/mycluster/group_vars/k8s_cluster/k8s-net-calico.yml", "# calico_mtu: 1500", "calico_mtu: 1400");
            Edit("roles/network_plugin/calico/defaults/main.yml", "# IPPool block size (defaults kube_network_node_prefix)\ncalico_pool_blocksize: 26\n\n", string.Empty);
            Git.Commit("workers get /24 pod blocks");
            Edit("inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml", "kube_config_dir: /etc/kubernetes", "kube_config_dir: /etc/k8s");
        }

        internal GitRepository Git { get; } = new();

        /// <summary>Runs a diff once per argument list: each runs check on both sides, and the repository does not change.</summary>
        public (int ExitCode, string Output, string Error) Diff(string[] arguments) =>
            _runs.GetOrAdd(string.Join('\0', arguments), _ => CliRunner.Run(Git.Root, arguments));

        public void Dispose() => Git.Dispose();

        private void Edit(string relativePath, string find, string replace)
        {
            var path = Path.Combine(Git.Root, relativePath);
            var text = File.ReadAllText(path);
            Assert.Contains(find, text);
            File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));
        }
    }
}
