using System.Net;
using System.Net.Sockets;
using System.Numerics;
using VarTrace.Core.Precedence;
using VarTrace.Core.Values;

namespace VarTrace.Core.Checks.Rules.Kubespray;

/// <summary>A kubespray setting as a task of the context receives it, with the definition that supplied it.</summary>
/// <typeparam name="T">The setting's type once parsed.</typeparam>
/// <param name="Name">The variable.</param>
/// <param name="Value">Its value, parsed.</param>
/// <param name="Definition">The definition that won in the context.</param>
internal sealed record Setting<T>(string Name, T Value, AppliedDefinition Definition)
{
    /// <summary>True when the value comes from a role's defaults, not from anything the user wrote.</summary>
    public bool IsRoleDefault => Definition.Source.Level == PrecedenceLevel.RoleDefaults;
}

/// <summary>One address family's kubespray network variables (v2.23 names, still current).</summary>
/// <param name="Title"><c>IPv4</c> or <c>IPv6</c>.</param>
/// <param name="Family">The socket address family.</param>
/// <param name="PodsSubnet">The cluster's pod network.</param>
/// <param name="ServiceAddresses">The cluster's service network.</param>
/// <param name="NodePrefix">The prefix length of the pod subnet the controller manager gives each node.</param>
/// <param name="BlockSize">The prefix length of Calico's IPAM blocks.</param>
/// <param name="PoolCidr">Calico's IP pool, <c>kube_pods_subnet</c> when unset.</param>
internal sealed record AddressFamilySettings(string Title, AddressFamily Family, string PodsSubnet, string ServiceAddresses, string NodePrefix, string BlockSize, string PoolCidr)
{
    public static AddressFamilySettings IPv4 { get; } = new("IPv4", AddressFamily.InterNetwork, "kube_pods_subnet", "kube_service_addresses", "kube_network_node_prefix", "calico_pool_blocksize", "calico_pool_cidr");

    public static AddressFamilySettings IPv6 { get; } = new("IPv6", AddressFamily.InterNetworkV6, "kube_pods_subnet_ipv6", "kube_service_addresses_ipv6", "kube_network_node_prefix_ipv6", "calico_pool_blocksize_ipv6", "calico_pool_cidr_ipv6");

    /// <summary>Address width in bits.</summary>
    public int Width => Family == AddressFamily.InterNetwork ? 32 : 128;
}

/// <summary>
/// Reads kubespray's network settings from a resolved context. A value that is undefined, unknown
/// (facts, lookups) or not of the expected shape reads as null, so a rule stays silent rather than guess.
/// </summary>
internal static class KubesprayNetwork
{
    /// <summary>The host variables kubespray (and Ansible, for <c>ansible_host</c>) take a node's own addresses from.</summary>
    public static readonly string[] NodeAddressVariables = ["ansible_host", "ip", "access_ip", "ip6", "access_ip6"];

    /// <summary>The value of <paramref name="name"/> after templating, when it is defined and fully known.</summary>
    public static Setting<AnsibleValue>? Known(ResolvedContext context, string name)
    {
        if (!context.Resolution.Variables.TryGetValue(name, out var variable)) return null;
        if (variable.IsKnown) return variable.Value is AnsibleUndefined or AnsibleUnknown ? null : new(name, variable.Value, variable.Winner);
        return context.Evaluator.Variable(name) is { IsKnown: true, Value: { } value } ? new(name, value, variable.Winner) : null;
    }

    /// <summary><c>kube_network_plugin</c>, when known.</summary>
    public static Setting<string>? Plugin(ResolvedContext context) =>
        Known(context, "kube_network_plugin") is { Value: AnsibleString plugin } setting ? new(setting.Name, plugin.Value, setting.Definition) : null;

    /// <summary>A prefix length (an int, or a string of digits as a templated value gives) within the family's width.</summary>
    public static Setting<int>? Prefix(ResolvedContext context, string name, AddressFamilySettings family)
    {
        if (Known(context, name) is not { } setting) return null;
        BigInteger? number = setting.Value switch
        {
            AnsibleInt i => i.Value,
            AnsibleString s when int.TryParse(s.Value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
        return number is { } n && n >= 0 && n <= family.Width ? new(name, (int)n, setting.Definition) : null;
    }

    /// <summary>A network in CIDR notation of the family; a value with host bits set reads as null (kubespray rejects it too).</summary>
    public static Setting<IPNetwork>? Network(ResolvedContext context, string name, AddressFamilySettings family) =>
        Known(context, name) is { Value: AnsibleString text } setting
        && IPNetwork.TryParse(text.Value.Trim(), out var network)
        && network.BaseAddress.AddressFamily == family.Family
            ? new(name, network, setting.Definition)
            : null;

    /// <summary>A single IP address (not a hostname).</summary>
    public static Setting<IPAddress>? Address(ResolvedContext context, string name) =>
        Known(context, name) is { Value: AnsibleString text } setting && IPAddress.TryParse(text.Value.Trim(), out var address)
            ? new(name, address, setting.Definition)
            : null;

    /// <summary>
    /// The address families certainly enabled: IPv4 unless <c>ipv4_stack</c> (kubespray 2.28+) is
    /// false; IPv6 when <c>ipv6_stack</c> is true or, before 2.28, <c>enable_dual_stack_networks</c>
    /// is. A flag that cannot be evaluated leaves its family out.
    /// </summary>
    public static IEnumerable<AddressFamilySettings> EnabledFamilies(ResolvedContext context)
    {
        var variables = context.Resolution.Variables;
        if (!variables.ContainsKey("ipv4_stack") || Flag(context, "ipv4_stack") == true) yield return AddressFamilySettings.IPv4;
        var ipv6 = variables.ContainsKey("ipv6_stack") ? Flag(context, "ipv6_stack")
            : variables.ContainsKey("enable_dual_stack_networks") ? Flag(context, "enable_dual_stack_networks")
            : false;
        if (ipv6 == true) yield return AddressFamilySettings.IPv6;
    }

    /// <summary>
    /// True inside the calico role, where its tasks build the IP pool and its defaults (or, from
    /// kubespray 2.26, those of its <c>calico_defaults</c> dependency) are visible.
    /// </summary>
    public static bool IsCalicoRole(ResolvedContext context) =>
        context.Resolution.Context.Role?.Name is { } role && (role == "calico" || role.EndsWith("/calico", StringComparison.Ordinal));

    /// <summary>The number of hosts in <paramref name="group"/>, from the <c>groups</c> magic variable.</summary>
    public static int? GroupSize(ResolvedContext context, string group) =>
        Known(context, "groups") is { Value: AnsibleDict groups }
        && groups.Entries.FirstOrDefault(e => e.Key is AnsibleString key && key.Value == group).Value is AnsibleList hosts
            ? hosts.Items.Length
            : null;

    /// <summary>True when the two networks share any address.</summary>
    public static bool Overlap(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);

    /// <summary>How many networks of prefix length <paramref name="prefix"/> fit in <paramref name="network"/> (0 when the prefix is shorter).</summary>
    public static BigInteger Capacity(IPNetwork network, int prefix) =>
        prefix < network.PrefixLength ? BigInteger.Zero : BigInteger.One << (prefix - network.PrefixLength);

    /// <summary>The flag through Ansible's <c>bool</c> filter, as kubespray's <c>when: x | bool</c> reads it; null when unknown.</summary>
    private static bool? Flag(ResolvedContext context, string name) =>
        context.Evaluator.Expression($"{{{{ {name} | bool }}}}", withTrace: false) switch
        {
            { IsKnown: true, Value: AnsibleBool b } => b.Value,
            { IsKnown: true, Value: AnsibleString { Value: "True" } } => true,
            { IsKnown: true, Value: AnsibleString { Value: "False" } } => false,
            _ => null,
        };
}
