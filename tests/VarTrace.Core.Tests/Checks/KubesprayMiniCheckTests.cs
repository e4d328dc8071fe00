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
