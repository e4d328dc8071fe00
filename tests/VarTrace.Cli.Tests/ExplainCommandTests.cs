using System.Text.Json;

using VarTrace.Cli.Tests.Infrastructure;
using VarTrace.Tests.Infrastructure;

namespace VarTrace.Cli.Tests;

/// <summary>
/// The README's demo on fixtures/kubespray-mini. Its values were checked with real
/// ansible-playbook 2.14.18 (node1: kube_network_node_prefix int 25, calico_pool_blocksize int 26 at
/// play level and inside network_plugin/calico).
/// </summary>
public sealed class ExplainCommandTests
{
    private static readonly string[] Inventory = ["-i", "inventory/mycluster/hosts.yaml"];

    private static (int ExitCode, string Output, string Error) Explain(params string[] args) =>
        CliRunner.Run(CliRunner.KubesprayMini, ["explain", .. args, .. Inventory]);

    [Fact]
    public void NodePrefix_ComesFromInventoryGroupVars_WithRoleDefaultShadowed()
    {
        var (exitCode, output, _) = Explain("kube_network_node_prefix", "--host", "node1", "--role", "network_plugin/calico");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("kube_network_node_prefix = 25  (int)", output);
        Assert.Contains("inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml:", output);
        Assert.Contains("6/22 inventory group_vars", output);
        var loser = output.Split('\n').Single(l => l.Contains("LOSES") && l.Contains("roles/kubespray-defaults/defaults/main.yaml"));
        Assert.EndsWith("24", loser.TrimEnd());
    }

    [Fact]
    public void CalicoBlockSize_ComesFromCalicoRoleDefaults()
    {
        var (exitCode, output, _) = Explain("calico_pool_blocksize", "--host", "node1", "--role", "network_plugin/calico", "--format", "json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(26, root.GetProperty("value").GetInt32());
        Assert.Equal("role_defaults", root.GetProperty("source").GetProperty("level").GetString());
        Assert.Equal("roles/network_plugin/calico/defaults/main.yml", root.GetProperty("source").GetProperty("file").GetString());
        Assert.Equal("network_plugin/calico", root.GetProperty("context").GetProperty("role").GetString());
        var winners = root.GetProperty("definitions").EnumerateArray().Where(d => d.GetProperty("status").GetString() == "winner").ToList();
        Assert.Single(winners);
    }

    [Fact]
    public void UnknownVariable_ExitsOne()
    {
        var (exitCode, _, error) = Explain("no_such_variable", "--host", "node1");

        Assert.Equal(1, exitCode);
        Assert.Contains("`no_such_variable` is not defined for host `node1`", error);
    }

    [Fact]
    public void UnknownHost_IsOneLineErrorWithExitTwo()
    {
        var (exitCode, output, error) = Explain("kube_network_node_prefix", "--host", "node99");

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        var line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("error: host `node99` is not in the inventory", line);
    }

    [Fact]
    public void MissingInventory_IsOneLineErrorWithExitTwo()
    {
        var (exitCode, _, error) = CliRunner.Run(CliRunner.KubesprayMini, "explain", "kube_network_node_prefix", "--host", "node1", "-i", "inventory/nope/hosts.yaml");

        Assert.Equal(2, exitCode);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("inventory/nope/hosts.yaml", error);
    }

    [Fact]
    public void MissingHostOption_IsUsageErrorWithExitTwo()
    {
        var (exitCode, _, error) = Explain("kube_network_node_prefix");

        Assert.Equal(2, exitCode);
        Assert.Contains("--host", error);
    }

    [Fact]
    public void BrokenGroupVars_ReportsFileLineColumnWithExitTwo()
    {
        using var project = new TempProject()
            .With("hosts.ini", "[web]\nweb1\n")
            .With("group_vars/web.yml", "port: 80\nbad: [unclosed\n")
            .With("site.yml", "- hosts: web\n  gather_facts: false\n");

        var (exitCode, _, error) = CliRunner.Run(project.Root, "explain", "port", "-i", "hosts.ini", "--host", "web1");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Matches(@"^error: group_vars/web\.yml:\d+:\d+: ", line);
    }

    [Fact]
    public void FilterVarTraceDoesNotModel_WarnsAtTheVariablesFileLineColumn()
    {
        using var project = new TempProject()
            .With("hosts.ini", "[web]\nweb1\n")
            .With("group_vars/web.yml", "port: 80\nvlans: \"{{ [1, 2] | vlan_parser }}\"\n")
            .With("site.yml", "- hosts: web\n  gather_facts: false\n");

        var (exitCode, output, error) = CliRunner.Run(project.Root, "explain", "vlans", "-i", "hosts.ini", "--host", "web1");

        Assert.Equal(0, exitCode);
        Assert.Contains("unknown", output);
        Assert.Contains("warning: group_vars/web.yml:2:1: filter `vlan_parser` is not modelled by VarTrace; its result is unknown (in the template of `vlans`, at character 13)", error);
    }

    // ansible-playbook 2.14.18 fails such a task with: template error while templating string:
    // Could not load "no_such_filter": 'no_such_filter'. (fixtures/jinja row err-unknown-filter).
    [Fact]
    public void FilterAnsibleCannotLoad_FailsTheValueWithAnsiblesError()
    {
        using var project = new TempProject()
            .With("hosts.ini", "[web]\nweb1\n")
            .With("group_vars/web.yml", "port: 80\nbroken: \"{% if false %}{{ port | no_such_filter }}{% endif %}\"\n")
            .With("site.yml", "- hosts: web\n  gather_facts: false\n");

        var (exitCode, output, _) = CliRunner.Run(project.Root, "explain", "broken", "-i", "hosts.ini", "--host", "web1");

        Assert.Equal(0, exitCode);
        Assert.Contains("Could not load \"no_such_filter\": 'no_such_filter'", output);
        Assert.Contains("group_vars/web.yml:2:1", output);
    }

    private const string SeedExpression = "{{ calico_pool_blocksize | default(kube_network_node_prefix) }}";

    // The story behind VarTrace: real ansible-playbook 2.14.18 renders this expression as the string
    // "26" inside the calico role (checked when fixtures/kubespray-mini was written).
    [Fact]
    public void SeedExpression_IsTwentySix_AndSaysTheFallbackIsNeverUsed()
    {
        var (exitCode, output, _) = Explain("calico_pool_blocksize", "--host", "node1", "--role", "network_plugin/calico", "--expr", SeedExpression, "--format", "json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        var expression = json.RootElement.GetProperty("expression");
        Assert.Equal("26", expression.GetProperty("value").GetString());
        var decision = expression.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "default");
        Assert.False(decision.GetProperty("applied").GetBoolean());
        Assert.Contains("the fallback `kube_network_node_prefix` is never used", decision.GetProperty("reason").GetString());
    }

    [Fact]
    public void SeedExpression_WithoutTheCalicoDefault_FallsBackToTheInventoryPrefix()
    {
        using var project = new TempProject();
        CopyDirectory(CliRunner.KubesprayMini, project.Root);
        var defaults = Path.Combine(project.Root, "roles/network_plugin/calico/defaults/main.yml");
        File.WriteAllLines(defaults, File.ReadAllLines(defaults).Where(l => !l.StartsWith("calico_pool_blocksize:", StringComparison.Ordinal)));

        var (exitCode, output, _) = CliRunner.Run(project.Root, ["explain", "kube_network_node_prefix", .. Inventory, "--host", "node1", "--role", "network_plugin/calico", "--expr", SeedExpression, "--format", "json"]);

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("25", json.RootElement.GetProperty("expression").GetProperty("value").GetString());
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    /// <summary>
    /// The story's IPPool at the set_fact's blockSize line: a dict with blockSize int 26 (its shape
    /// checked with real Ansible in fixtures/precedence/tasks-set-fact-folded-json-dict), and the
    /// default() decision naming the calico role default that makes the fallback unreachable.
    /// </summary>
    [Fact]
    public void CalicoPool_AtTheBlockSizeLine_ShowsTheSetFactAndTheDefaultDecision()
    {
        var (exitCode, output, _) = Explain("_calico_pool", "--at", "roles/network_plugin/calico/tasks/install.yml:32", "--host", "node1");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("_calico_pool = {", output);
        Assert.Contains("\"blockSize\":26", output);
        Assert.Contains("level   19/22 set_fact", output);
        Assert.Contains("set in  roles/network_plugin/calico/tasks/install.yml:24:9", output);
        Assert.Contains("reads calico_pool_blocksize = 26  (2/22 role defaults, roles/network_plugin/calico/defaults/main.yml:19:1)", output);
        Assert.Contains("calico_pool_blocksize | default(kube_network_node_prefix): fallback not used, `calico_pool_blocksize` is defined (26)", output);
    }

    [Fact]
    public void CalicoPool_AfterAConditionOnARegisteredResult_IsEitherValue()
    {
        var (exitCode, output, _) = Explain("_calico_pool", "--at", "roles/network_plugin/calico/tasks/install.yml:48", "--host", "node1", "--format", "json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.False(root.GetProperty("known").GetBoolean());
        Assert.Contains("if `_calico_pool_cmd is success`, set at roles/network_plugin/calico/tasks/install.yml:40:7", root.GetProperty("unknown").GetString());
        Assert.Equal(46, root.GetProperty("context").GetProperty("task").GetProperty("line").GetInt32());
    }

    [Fact]
    public void CalicoPool_OnAHostTheBlockSkips_IsUndefined()
    {
        var (exitCode, _, error) = Explain("_calico_pool", "--at", "roles/network_plugin/calico/tasks/install.yml:32", "--host", "node2");

        Assert.Equal(1, exitCode);
        Assert.Contains("`_calico_pool` is not defined for host `node2`", error);
    }

    [Fact]
    public void At_ALineOfATaskFileOutsideAnyTask_IsAUsageError()
    {
        var (exitCode, _, error) = Explain("_calico_pool", "--at", "roles/network_plugin/calico/tasks/install.yml:1", "--host", "node1");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: --at roles/network_plugin/calico/tasks/install.yml:1: no task at that line", error);
    }

    [Fact]
    public void At_ARoleDefaultsLine_WithAVariable_ResolvesInsideThatRole()
    {
        var (exitCode, output, _) = Explain("kube_network_node_prefix", "--at", "roles/network_plugin/calico/defaults/main.yml:3", "--host", "node1", "--format", "json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("network_plugin/calico", json.RootElement.GetProperty("context").GetProperty("role").GetString());
        Assert.Equal(25, json.RootElement.GetProperty("value").GetInt32());
    }

    /// <summary>
    /// The README's VS Code task without a selection: the IPPool's blockSize line reads
    /// calico_pool_blocksize (26, calico role defaults) and kube_network_node_prefix (25, the
    /// inventory), each explained in the set_fact task's context.
    /// </summary>
    [Fact]
    public void AtAlone_TheBlockSizeLine_ExplainsEachVariableItReads()
    {
        var (exitCode, output, error) = Explain("--at", "roles/network_plugin/calico/tasks/install.yml:32", "--host", "node1");

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        GoldenFile.AssertMatches("explain-at-blocksize-line.txt", output);
    }

    [Fact]
    public void AtAlone_TheBlockSizeLine_AsJson_IsOneDocumentPerVariable()
    {
        var (exitCode, output, _) = Explain("--at", "roles/network_plugin/calico/tasks/install.yml:32", "--host", "node1", "--format", "json");

        Assert.Equal(0, exitCode);
        var documents = JsonStream(output);
        Assert.Equal(["calico_pool_blocksize", "kube_network_node_prefix"], documents.Select(static d => d.GetProperty("variable").GetString()));
        Assert.Equal([26, 25], documents.Select(static d => d.GetProperty("value").GetInt32()));
        Assert.Equal(["role_defaults", "inventory_group_vars"], documents.Select(static d => d.GetProperty("source").GetProperty("level").GetString()));
        Assert.All(documents, static d =>
        {
            var context = d.GetProperty("context");
            Assert.Equal("network_plugin/calico", context.GetProperty("role").GetString());
            Assert.Equal(22, context.GetProperty("task").GetProperty("line").GetInt32());
        });
    }

    [Fact]
    public void AtAlone_ARoleDefaultsLine_ExplainsTheDefinitionInsideThatRole()
    {
        var (exitCode, output, _) = Explain("--at", "roles/network_plugin/calico/defaults/main.yml:19", "--host", "node1", "--format", "json");

        Assert.Equal(0, exitCode);
        var document = Assert.Single(JsonStream(output));
        Assert.Equal("calico_pool_blocksize", document.GetProperty("variable").GetString());
        Assert.Equal(26, document.GetProperty("value").GetInt32());
        Assert.Equal("role_defaults", document.GetProperty("source").GetProperty("level").GetString());
        Assert.Equal(19, document.GetProperty("source").GetProperty("line").GetInt32());
        var context = document.GetProperty("context");
        Assert.Equal("network_plugin/calico", context.GetProperty("role").GetString());
        Assert.Equal(4, context.GetProperty("play").GetInt32());
    }

    [Fact]
    public void AtAlone_ARoleDefaultsLine_AsText_NamesTheRoleContext()
    {
        var (exitCode, output, _) = Explain("--at", "roles/network_plugin/calico/defaults/main.yml:19", "--host", "node1");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("calico_pool_blocksize = 26  (int)\n", output);
        Assert.Contains("inside role `network_plugin/calico`, at the end of the role's tasks", output);
    }

    [Fact]
    public void AtAlone_AGroupVarsLine_ExplainsAtPlayLevel()
    {
        var (exitCode, output, _) = Explain("--at", "inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml:23", "--host", "node1", "--format", "json");

        Assert.Equal(0, exitCode);
        var document = Assert.Single(JsonStream(output));
        Assert.Equal("kube_network_node_prefix", document.GetProperty("variable").GetString());
        Assert.Equal(25, document.GetProperty("value").GetInt32());
        Assert.Equal(JsonValueKind.Null, document.GetProperty("context").GetProperty("role").ValueKind);
    }

    [Fact]
    public void AtAlone_AnInventoryHostLine_ExplainsThatHostVariable()
    {
        var (exitCode, output, _) = Explain("--at", "inventory/mycluster/hosts.yaml:5", "--host", "node1");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("ip = \"192.168.10.11\"  (str)\n  set in  inventory/mycluster/hosts.yaml:5:7\n", output);
    }

    [Fact]
    public void AtAlone_ALineWithNothing_IsAnInputErrorNamingTheLine()
    {
        var (exitCode, output, error) = Explain("--at", "roles/network_plugin/calico/defaults/main.yml:2", "--host", "node1");

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Equal("error: roles/network_plugin/calico/defaults/main.yml:2: no variable is defined or read on this line\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void AtAlone_WhenEveryVariableReadIsUndefined_ExitsOne()
    {
        var (exitCode, output, error) = Explain("--at", "playbooks/cluster.yml:21", "--host", "node1");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("any_errors_fatal is not defined\n", output);
        Assert.Contains("error: `any_errors_fatal` is not defined for host `node1`", error);
    }

    [Fact]
    public void AtAlone_WhenOneOfTheVariablesReadIsDefined_ExitsZero()
    {
        using var project = new TempProject()
            .With("hosts.ini", "[web]\nweb1\n")
            .With("group_vars/web.yml", "port: 80\n")
            .With("site.yml", "- hosts: web\n  gather_facts: false\n  tasks:\n    - debug:\n        msg: \"{{ port }} {{ missing }}\"\n");

        var (exitCode, output, error) = CliRunner.Run(project.Root, "explain", "--at", "site.yml:5", "-i", "hosts.ini", "--host", "web1");

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        Assert.StartsWith("port = 80  (int)\n", output);
        Assert.Contains("\n\nmissing is not defined\n", output);
    }

    [Fact]
    public void NeitherVariableNorAt_IsAOneLineUsageError()
    {
        var (exitCode, output, error) = Explain("--host", "node1");

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Equal("error: explain needs a variable, or --at FILE:LINE to explain what that line defines or reads\n", error.ReplaceLineEndings("\n"));
    }

    /// <summary>The documents of a JSON stream (one after the other, as <c>jq</c> reads them).</summary>
    private static List<JsonElement> JsonStream(string output)
    {
        var documents = new List<JsonElement>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            documents.Add(document.RootElement.Clone());
        }

        return documents;
    }
}
