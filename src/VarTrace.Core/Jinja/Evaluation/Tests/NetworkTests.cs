using VarTrace.Core.Jinja.Evaluation.Filters;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation.Tests;

/// <summary>
/// ansible.utils 2.x's address tests (<c>plugins/test/*.py</c>), which use Python's <c>ipaddress</c>
/// module: <c>ip_network(value)</c> is strict, so <c>192.168.1.5/24</c> (host bits set) is not an
/// <c>ip</c>, while <c>ip_address</c> tests take a bare address only.
/// </summary>
internal static class NetworkTests
{
    /// <summary>Registers the tests.</summary>
    public static void Register(FunctionTable table)
    {
        table.Known(call => AnsibleBool.Of(StrictNetwork(call.Input) is not null), "ip");
        table.Known(call => AnsibleBool.Of(StrictNetwork(call.Input) is { Version: 4 }), "ipv4");
        table.Known(call => AnsibleBool.Of(StrictNetwork(call.Input) is { Version: 6 }), "ipv6");
        table.Known(call => AnsibleBool.Of(Address(call.Input) is not null), "ip_address");
        table.Known(call => AnsibleBool.Of(Address(call.Input) is { Version: 4 }), "ipv4_address");
        table.Known(call => AnsibleBool.Of(Address(call.Input) is { Version: 6 }), "ipv6_address");
        table.Known(InNetwork, "in_network");
        table.Known(InAnyNetwork, "in_any_network");
    }

    /// <summary>Python's <c>ipaddress.ip_network(value)</c> (strict: no host bits), or null where it raises.</summary>
    private static IpNetwork? StrictNetwork(AnsibleValue value)
    {
        if (value is not AnsibleString s) return null;
        try
        {
            return IpNetwork.Parse(s.Value) is { } net && net.Ip == net.Network ? net : null;
        }
        catch (LenientNotationException)
        {
            // ipaddress accepts only the canonical notations.
            return null;
        }
    }

    /// <summary>Python's <c>ipaddress.ip_address(value)</c>, or null where it raises.</summary>
    private static IpNetwork? Address(AnsibleValue value)
    {
        if (value is not AnsibleString s || s.Value.Contains('/')) return null;
        try
        {
            return IpNetwork.Parse(s.Value);
        }
        catch (LenientNotationException)
        {
            return null;
        }
    }

    /// <summary><c>in_network(network)</c>: the address or network lies inside the (strict) network.</summary>
    private static AnsibleValue InNetwork(FilterCall call)
    {
        var network = call.Argument(0, "network") is { } n ? StrictNetwork(n) : null;
        var ip = StrictNetwork(call.Input) ?? (call.Input is AnsibleString s ? LooseNetwork(s.Value) : null);
        return AnsibleBool.Of(network is { } net && ip is { } address && net.Contains(address));
    }

    /// <summary><c>in_any_network(networks)</c>.</summary>
    private static AnsibleValue InAnyNetwork(FilterCall call)
    {
        var networks = call.Argument(0, "networks") is AnsibleList list ? list.Items : [];
        var ip = StrictNetwork(call.Input) ?? (call.Input is AnsibleString s ? LooseNetwork(s.Value) : null);
        return AnsibleBool.Of(ip is { } address && networks.Any(n => StrictNetwork(n) is { } net && net.Contains(address)));
    }

    private static IpNetwork? LooseNetwork(string text)
    {
        try
        {
            return IpNetwork.Parse(text);
        }
        catch (LenientNotationException)
        {
            return null;
        }
    }
}
