using VarTrace.Core.Checks;
using VarTrace.Core.Project;
using VarTrace.Tests.Infrastructure;

namespace VarTrace.Core.Tests.Checks;

/// <summary>The story VarTrace was built for: kubespray's calico blockSize ignores kube_network_node_prefix.</summary>
public sealed class KubesprayMiniCheckTests
{
    private const string Inventory = "inventory/mycluster/hosts.yaml";

    [Fact]
    public void KubesprayMini_ReportsTheUnreachableFallbackOnTheBlockSizeLine()
    {
        var root = Path.Combine(RepositoryPaths.Fixtures, "kubespray-mini");

        var finding = Assert.Single(Check(root).Diagnostics, static d => d.Rule.Id == "VT1002");

        Assert.Equal(new Model.SourceLocation("roles/network_plugin/calico/tasks/install.yml", 32, 31), finding.Location);
        Assert.Contains("`kube_network_node_prefix`", finding.Message);
        Assert.Contains("`calico_pool_blocksize`", finding.Message);
        Assert.Contains("roles/network_plugin/calico/defaults/main.yml:19:1", finding.Message);
        Assert.Contains("inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml:23:1", finding.Message);
    }

    [Fact]
    public void KubesprayMini_WithoutTheCalicoDefault_HasNoUnreachableFallback()
    {
        using var copy = new TempProject();
        CopyDirectory(Path.Combine(RepositoryPaths.Fixtures, "kubespray-mini"), copy.Root);
        var defaults = Path.Combine(copy.Root, "roles/network_plugin/calico/defaults/main.yml");
        File.WriteAllLines(defaults, File.ReadAllLines(defaults).Where(static l => !l.StartsWith("calico_pool_blocksize:", StringComparison.Ordinal)));

        Assert.DoesNotContain(Check(copy.Root).Diagnostics, static d => d.Rule.Id == "VT1002");
    }

    [Fact]
    public void KubesprayMini_ReportsTheBlockSizeMismatchAndTheCapacityShortfallWithTheNumbers()
    {
        var diagnostics = Check(Path.Combine(RepositoryPaths.Fixtures, "kubespray-mini")).Diagnostics;

        var mismatch = Assert.Single(diagnostics, static d => d.Rule.Id == "VT4001");
        Assert.Equal(new Model.SourceLocation("inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml", 23, 1), mismatch.Location);
        Assert.Contains("blocks of /26, not in the /25 set here for `kube_network_node_prefix`", mismatch.Message);
        Assert.Contains("roles/network_plugin/calico/defaults/main.yml:19:1", mismatch.Message);
        var capacity = diagnostics.Where(static d => d.Rule.Id == "VT4002").Select(static d => d.Message).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "`kube_pods_subnet` 10.202.146.0/24 is too small for the 7 nodes of `k8s_cluster`: a /24 holds 2 node subnets of /25 (`kube_network_node_prefix`); 7 nodes need 7",
                "`kube_pods_subnet` 10.202.146.0/24 is too small for the 7 nodes of `k8s_cluster`: a /24 holds 4 Calico blocks of /26 (`calico_pool_blocksize`); 7 nodes need 7",
            ],
            capacity);
    }

    [Fact]
    public void KubesprayMini_ReportsItsOwnFailingAssertWithValuesSourcesAndMessage()
    {
        var diagnostics = Check(Path.Combine(RepositoryPaths.Fixtures, "kubespray-mini")).Diagnostics;

        // ansible-playbook 2.14 (-c local --tags calico,always) stops on node1 with exactly this message.
        var failing = Assert.Single(diagnostics, static d => d.Rule.Id == "VT2004");
        Assert.Equal(new Model.SourceLocation("roles/network_plugin/calico/tasks/check.yml", 13, 9), failing.Location);
        Assert.Contains("fails on host `node1`", failing.Message);
        Assert.Contains("is false (4 >= 7)", failing.Message);
        Assert.Contains("`kube_pods_subnet` = '10.202.146.0/24' (inventory group_vars (group `k8s_cluster`) at inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml:20:1)", failing.Message);
        Assert.Contains("`calico_pool_blocksize` = 26 (role defaults", failing.Message);
        Assert.EndsWith("\"The Calico pool 10.202.146.0/24 holds fewer blocks of /26 than there are nodes (7)\"", failing.Message);
        Assert.Contains(diagnostics, static d => d.Rule.Id == "VT2005" && d.Message.Contains("`calico_pool_conf` is only set at run time", StringComparison.Ordinal));
    }

    [Fact]
    public void KubesprayMini_SizedForItsNodes_HasNoNetworkOrAssertFindings()
    {
        using var copy = new TempProject();
        CopyDirectory(Path.Combine(RepositoryPaths.Fixtures, "kubespray-mini"), copy.Root);
        var cluster = Path.Combine(copy.Root, "inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml");
        File.WriteAllText(cluster, File.ReadAllText(cluster).Replace("kube_pods_subnet: 10.202.146.0/24", "kube_pods_subnet: 10.202.144.0/22", StringComparison.Ordinal));
        var calico = Path.Combine(copy.Root, "inventory/mycluster/group_vars/k8s_cluster/k8s-net-calico.yml");
        File.WriteAllText(calico, File.ReadAllText(calico).Replace("# calico_pool_blocksize: 26", "calico_pool_blocksize: 25", StringComparison.Ordinal));

        var diagnostics = Check(copy.Root).Diagnostics;

        Assert.DoesNotContain(diagnostics, static d => d.Rule.Id is "VT2004" || d.Rule.Id.StartsWith("VT4", StringComparison.Ordinal));
    }

    private static CheckResult Check(string root) =>
        CheckEngine.Run(new CheckOptions(new WorkspaceOptions(root, [Inventory], null, [], root), CheckConfig.Empty));

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
