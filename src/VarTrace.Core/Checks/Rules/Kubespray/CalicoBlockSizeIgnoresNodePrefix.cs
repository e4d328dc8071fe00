namespace VarTrace.Core.Checks.Rules.Kubespray;

/// <summary>
/// VT4001: the user set <c>kube_network_node_prefix</c>, but Calico's IP pool takes its block size
/// from <c>calico_pool_blocksize</c>, which the calico role's defaults set to something else.
/// </summary>
public static class CalicoBlockSizeIgnoresNodePrefix
{
    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT4001",
        "calico-block-size-ignores-node-prefix",
        "Calico's block size is not the node prefix the user set",
        "Calico hands out {0} pod addresses in blocks of /{1}, not in the /{4} set here for `{5}`: `{2}` is {1} by {3}, and the node prefix does not size Calico's blocks",
        RuleCategory.Kubespray,
        Severity.Warning,
        RuleStatus.Preview,
        "0.1.0",
        "set `calico_pool_blocksize` (`calico_pool_blocksize_ipv6` for IPv6) in the inventory to the block size you mean, next to the node prefix");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on)
    {
        on.OnResolution(context =>
        {
            if (!KubesprayNetwork.IsCalicoRole(context) || KubesprayNetwork.Plugin(context)?.Value != "calico") return;
            foreach (var family in KubesprayNetwork.EnabledFamilies(context))
            {
                var node = KubesprayNetwork.Prefix(context, family.NodePrefix, family);
                var block = KubesprayNetwork.Prefix(context, family.BlockSize, family);

                // Both from kubespray's defaults (24 and 26) is kubespray's own, deliberate choice; both
                // set by the user is the user's.
                if (node is null || block is null || node.Value == block.Value || node.IsRoleDefault || !block.IsRoleDefault) continue;
                on.Report(
                    node.Definition.Assignment.Location,
                    node.Name.Length,
                    [Definitions.Related(block.Definition, $"`{block.Name}` is {block.Value}")],
                    family.Title,
                    block.Value,
                    block.Name,
                    Definitions.Describe(block.Definition),
                    node.Value,
                    node.Name);
            }
        });
    }
}
