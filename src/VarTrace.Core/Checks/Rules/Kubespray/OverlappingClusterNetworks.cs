namespace VarTrace.Core.Checks.Rules.Kubespray;

/// <summary>
/// VT4003: the pod network and the service network overlap each other, or contain a node's own
/// address (<c>ansible_host</c>, <c>ip</c>, <c>access_ip</c>, <c>ip6</c>, <c>access_ip6</c>).
/// </summary>
public static class OverlappingClusterNetworks
{
    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT4003",
        "overlapping-cluster-networks",
        "The pod and service networks overlap each other or a node's address",
        "{0} overlaps {1}: {2}",
        RuleCategory.Kubespray,
        Severity.Warning,
        RuleStatus.Preview,
        "0.1.0",
        "give pods, services and the nodes' own network ranges that do not share any address");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on)
    {
        on.OnResolution(context =>
        {
            if (KubesprayNetwork.Plugin(context) is null) return;
            foreach (var family in KubesprayNetwork.EnabledFamilies(context))
            {
                var pods = KubesprayNetwork.Network(context, family.PodsSubnet, family);
                var services = KubesprayNetwork.Network(context, family.ServiceAddresses, family);
                if (pods is not null && services is not null && KubesprayNetwork.Overlap(pods.Value, services.Value))
                {
                    // Point at what the user wrote; kubespray's own defaults never overlap.
                    var (flagged, other) = !pods.IsRoleDefault || services.IsRoleDefault ? (pods, services) : (services, pods);
                    on.Report(
                        flagged.Definition.Assignment.Location,
                        flagged.Name.Length,
                        [Definitions.Related(other.Definition, $"`{other.Name}` is {other.Value}")],
                        $"`{flagged.Name}` {flagged.Value}",
                        $"`{other.Name}` {other.Value}",
                        "pods could get the virtual IPs of services, and traffic to either goes astray");
                }

                foreach (var network in (Setting<System.Net.IPNetwork>?[])[pods, services])
                {
                    if (network is null) continue;
                    foreach (var name in KubesprayNetwork.NodeAddressVariables)
                    {
                        if (KubesprayNetwork.Address(context, name) is not { } address || !network.Value.Contains(address.Value)) continue;
                        on.Report(
                            address.Definition.Assignment.Location,
                            address.Name.Length,
                            [Definitions.Related(network.Definition, $"`{network.Name}` is {network.Value}")],
                            $"`{network.Name}` {network.Value}",
                            $"the address of node `{context.Resolution.Host}` (`{address.Name}` {address.Value})",
                            $"traffic to the node would be routed into the {(ReferenceEquals(network, pods) ? "pod" : "service")} network");
                    }
                }
            }
        });
    }
}
