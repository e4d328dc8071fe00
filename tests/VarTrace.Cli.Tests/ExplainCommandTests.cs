using System.Text.Json;

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
}
