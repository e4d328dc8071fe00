using System.Net;

namespace VarTrace.Core.Checks.Rules.Kubespray;

/// <summary>
/// VT4002: the pod network cannot give every node of <c>k8s_cluster</c> its own node subnet
/// (<c>kube_network_node_prefix</c>) or, with Calico, its own IPAM block (<c>calico_pool_blocksize</c>).
/// </summary>
public static class PodSubnetTooSmallForNodes
{
    private const string ClusterGroup = "k8s_cluster";

    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT4002",
        "pod-subnet-too-small-for-nodes",
        "The pod network has fewer node subnets or Calico blocks than there are nodes",
        "`{0}` {1} is too small for the {2} nodes of `k8s_cluster`: a /{3} holds {4} {5} of /{6} (`{7}`); {2} nodes need {2}",
        RuleCategory.Kubespray,
        Severity.Warning,
        RuleStatus.Preview,
        "0.1.0",
        "widen the pod subnet, or lengthen the prefix so that one subnet (or block) per node fits");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on)
    {
        on.OnResolution(context =>
        {
            if (KubesprayNetwork.Plugin(context) is not { } plugin || KubesprayNetwork.GroupSize(context, ClusterGroup) is not { } nodes || nodes == 0) return;
            foreach (var family in KubesprayNetwork.EnabledFamilies(context))
            {
                if (KubesprayNetwork.Network(context, family.PodsSubnet, family) is not { } pods) continue;

                // kubeadm turns on the controller manager's node CIDR allocation for every plugin.
                var node = KubesprayNetwork.Prefix(context, family.NodePrefix, family);
                if (node is not null) Check(on, pods, node, "node subnets", nodes);
                if (plugin.Value != "calico" || !KubesprayNetwork.IsCalicoRole(context)) continue;

                // The pool is built from `calico_pool_cidr | default(kube_pods_subnet)` and
                // `calico_pool_blocksize | default(kube_network_node_prefix)`.
                var pool = context.Resolution.Variables.ContainsKey(family.PoolCidr) ? KubesprayNetwork.Network(context, family.PoolCidr, family) : pods;
                var block = context.Resolution.Variables.ContainsKey(family.BlockSize) ? KubesprayNetwork.Prefix(context, family.BlockSize, family) : node;
                if (pool is not null && block is not null) Check(on, pool, block, "Calico blocks", nodes);
            }
        });
    }

    private static void Check(RuleRegistration on, Setting<IPNetwork> network, Setting<int> prefix, string what, int nodes)
    {
        var capacity = KubesprayNetwork.Capacity(network.Value, prefix.Value);
        if (capacity >= nodes) return;
        on.Report(
            network.Definition.Assignment.Location,
            network.Name.Length,
            [Definitions.Related(prefix.Definition, $"`{prefix.Name}` is {prefix.Value}")],
            network.Name,
            network.Value,
            nodes,
            network.Value.PrefixLength,
            capacity,
            what,
            prefix.Value,
            prefix.Name);
    }
}
