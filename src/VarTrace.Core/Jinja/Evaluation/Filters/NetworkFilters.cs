using System.Numerics;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation.Filters;

/// <summary>
/// ansible.utils 2.x's ipaddr family (<c>plugins/plugin_utils/base/ipaddr_utils.py</c> and
/// <c>plugins/filter/*.py</c>), with netaddr 0.8's address semantics. A value in one of netaddr's
/// lenient <c>inet_aton</c> shorthands (<c>10.1</c>) and the rarely used queries not listed on
/// <c>KnownQueries</c> give an unknown result.
/// </summary>
internal static class NetworkFilters
{
    /// <summary>The queries that take the original value as an extra argument or answer with it.</summary>
    private static readonly HashSet<string> KnownQueries =
    [
        "", "address", "ip", "bool", "broadcast", "cidr", "first_usable", "host", "hostmask", "wildcard", "int", "ip/prefix",
        "ip_netmask", "ipv4", "v4", "ipv6", "v6", "last_usable", "link-local", "lo", "loopback", "multicast", "net",
        "next_usable", "netmask", "network", "network_id", "network/prefix", "subnet", "network_netmask", "network_wildcard",
        "peer", "prefix", "previous_usable", "private", "public", "range_usable", "revdns", "size", "size_usable", "type",
        "unicast", "version", "wrap", "address/prefix", "gateway", "gw", "host/prefix", "hostnet", "router", "6to4", "cidr_lookup",
    ];

    /// <summary>Registers the filters.</summary>
    public static void Register(FunctionTable table)
    {
        table.Known(call => Guard(call, () => IpAddr(call.Input, Query(call), version: 0)), "ipaddr");
        table.Known(call => Guard(call, () => IpAddr(call.Input, Query(call), version: 4)), "ipv4");
        table.Known(call => Guard(call, () => IpAddr(call.Input, Query(call), version: 6)), "ipv6");
        table.Known(call => Guard(call, () => IpWrap(call)), "ipwrap");
        table.Known(call => Guard(call, () => NthHost(call)), "nthhost");
        table.Known(call => Guard(call, () => NextNthUsable(call)), "next_nth_usable");
        table.Known(call => Guard(call, () => NetworkInUsable(call)), "network_in_usable");
        table.Known(call => Guard(call, () => IpMath(call)), "ipmath");
        table.Add(call => new AnsibleUnknown("`ipsubnet` is not modelled by VarTrace"), FunctionTraits.AcceptsUnknown, "ipsubnet");
    }

    private static AnsibleValue Query(FilterCall call) => call.Argument(0, "query", AnsibleString.Empty)!;

    private static AnsibleValue Guard(FilterCall call, Func<AnsibleValue> body)
    {
        try
        {
            return body();
        }
        catch (LenientNotationException e)
        {
            return new AnsibleUnknown($"`{call.Name}`: {e.Message}, which VarTrace does not interpret");
        }
        catch (TemplateError e) when (e.Span is null)
        {
            throw call.Error(e.Message);
        }
    }

    /// <summary>
    /// <c>ipaddr(value, query='', version=False, alias='ipaddr')</c>: lists are filtered element-wise
    /// (falsy answers dropped); an int is an address; <c>a.b.c.d/n</c> is a network value; a query that
    /// is itself a network keeps the value when it lies inside (<c>cidr_lookup</c>); a number picks that
    /// address of the network.
    /// </summary>
    internal static AnsibleValue IpAddr(AnsibleValue value, AnsibleValue queryValue, int version)
    {
        var query = queryValue is AnsibleString q ? q.Value : PythonOps.Str(queryValue);
        if (value is AnsibleList list)
        {
            var results = list.Items.Select(item => IpAddr(item, new AnsibleString(query), version))
                .Where(r => PythonOps.Truthy(r) != false).ToList();
            return new AnsibleList([.. results]);
        }

        if (PythonOps.Truthy(value) == false || value is AnsibleBool { Value: true }) return AnsibleBool.False;
        var text = PythonOps.Str(value);
        IpNetwork network;
        string vtype;
        if (text.All(char.IsAsciiDigit))
        {
            var number = BigInteger.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            if (number <= uint.MaxValue && version != 6) network = new IpNetwork((UInt128)number, 32, 4);
            else if (number <= (BigInteger)UInt128.MaxValue) network = new IpNetwork((UInt128)number, 128, 6);
            else return AnsibleBool.False;
            vtype = "address";
        }
        else if (IpNetwork.Parse(text) is { } parsed)
        {
            network = parsed;
            vtype = text.Contains('/') ? "network" : "address";
        }
        else if (text.Split('/') is [var a, var p] && a.Length > 0 && a.All(char.IsAsciiDigit) && p.Length > 0 && p.All(char.IsAsciiDigit))
        {
            // "<int>/<prefix>": netaddr sets the value and prefix of an IPv4 (else IPv6) network.
            var number = BigInteger.Parse(a, System.Globalization.CultureInfo.InvariantCulture);
            var prefix = int.Parse(p, System.Globalization.CultureInfo.InvariantCulture);
            if (number <= uint.MaxValue && prefix <= 32) network = new IpNetwork((UInt128)number, prefix, 4);
            else if (number <= (BigInteger)UInt128.MaxValue && prefix <= 128) network = new IpNetwork((UInt128)number, prefix, 6);
            else return AnsibleBool.False;
            vtype = "network";
        }
        else
        {
            return AnsibleBool.False;
        }

        IpNetwork? lookup = null;
        if (query.Length > 0 && (!KnownQueries.Contains(query) || query == "cidr_lookup") && !query.All(char.IsAsciiDigit))
        {
            try
            {
                if (PythonOps.Truthy(IpAddr(new AnsibleString(query), new AnsibleString("network"), 0)) == true) lookup = IpNetwork.Parse(query);
            }
            catch (LenientNotationException)
            {
                lookup = null;
            }
        }

        if (version != 0 && network.Version != version) return AnsibleBool.False;
        if (lookup is { } cidr) return cidr.Contains(network) ? value : AnsibleNull.Instance;
        return RunQuery(network, vtype, value, query);
    }

    /// <summary>The query functions of <c>ipaddr_utils.py</c>; null (Python's None) where they fall through.</summary>
    private static AnsibleValue RunQuery(IpNetwork v, string vtype, AnsibleValue value, string query)
    {
        var size = v.Size;
        AnsibleString S(string s) => new(s);
        AnsibleString Addr(UInt128 a) => S(v.Format(a));
        var none = AnsibleNull.Instance;
        switch (query)
        {
            case "":
                return vtype == "address" ? Addr(v.Ip) : S(v.ToString());
            case "address" or "ip":
                if (size == 1 || v.Ip != v.Network || v.Broadcast is null || v.Version == 6) return Addr(v.Ip);
                return none;
            case "address/prefix" or "gateway" or "gw" or "host/prefix" or "hostnet" or "router":
                if (size > 2 && (v.Ip == v.Network || v.Ip == v.Broadcast)) return AnsibleBool.False;
                return S($"{v.Format(v.Ip)}/{v.Prefix}");
            case "bool":
                return AnsibleBool.True;
            case "broadcast":
                return size > 2 && v.Broadcast is { } b ? Addr(b) : none;
            case "cidr":
                return S(v.ToString());
            case "first_usable":
                if (vtype == "address") throw new TemplateError("Not a network address");
                return size == 2 ? Addr(v.Network) : size > 1 ? Addr(v.Network + 1) : none;
            case "last_usable":
                if (vtype == "address") throw new TemplateError("Not a network address");
                return size > 1 ? Addr(FirstLast(v).Last) : none;
            case "next_usable" or "previous_usable":
                if (vtype == "address") throw new TemplateError("Not a network address");
                if (size <= 1) return none;
                var (first, last) = FirstLast(v);
                var candidate = query == "next_usable" ? v.Ip + 1 : v.Ip - 1;
                return candidate >= first && candidate <= last && !(query == "previous_usable" && v.Ip == 0) ? Addr(candidate) : none;
            case "range_usable":
                if (vtype == "address") throw new TemplateError("Not a network address");
                if (size <= 1) return none;
                var range = FirstLast(v);
                return S($"{v.Format(range.First)}-{v.Format(range.Last)}");
            case "host":
                if (size == 1) return S(v.ToString());
                return v.Ip != v.Network || v.Broadcast is null ? S(v.ToString()) : none;
            case "hostmask" or "wildcard":
                return Addr(v.Hostmask);
            case "int":
                return vtype == "address" ? AnsibleInt.Of((BigInteger)v.Ip) : S($"{(BigInteger)v.Ip}/{v.Prefix}");
            case "ip/prefix":
                return size == 2 || (size > 1 && v.Ip != v.Network) ? S(v.ToString()) : none;
            case "ip_netmask":
                return size == 2 || (size > 1 && v.Ip != v.Network) ? S($"{v.Format(v.Ip)} {v.Format(v.Netmask)}") : none;
            case "ipv4" or "v4":
                if (v.Version == 4) return value;
                var high = v.Ip >> 32;
                if ((high == 0 || high == 0xFFFF) && v.Prefix >= 96) return S(new IpNetwork(v.Ip & uint.MaxValue, v.Prefix - 96, 4).ToString());
                return AnsibleBool.False;
            case "ipv6" or "v6":
                return v.Version == 6 ? value : S(new IpNetwork(((UInt128)0xFFFF << 32) | v.Ip, v.Prefix + 96, 6).ToString());
            case "link-local":
                return v.Version == 4 ? (new IpNetwork(v.Ip, 32, 4).In("169.254.0.0/16") ? value : none) : (new IpNetwork(v.Ip, 128, 6).In("fe80::/10") ? value : none);
            case "lo" or "loopback":
                return IsLoopback(v.Ip, v.Version) ? value : none;
            case "multicast":
                return IsMulticast(v) ? value : none;
            case "unicast":
                return !IsMulticast(v) ? value : none;
            case "net":
                return size > 1 && v.Ip == v.Network ? S($"{v.Format(v.Network)}/{v.Prefix}") : none;
            case "netmask":
                return Addr(v.Netmask);
            case "network" or "network_id":
                return Addr(v.Network);
            case "network/prefix" or "subnet":
                return S($"{v.Format(v.Network)}/{v.Prefix}");
            case "network_netmask":
                return S($"{v.Format(v.Network)} {v.Format(v.Netmask)}");
            case "network_wildcard":
                return S($"{v.Format(v.Network)} {v.Format(v.Hostmask)}");
            case "peer":
                if (vtype == "address") throw new TemplateError("Not a network address");
                if (size == 2) return Addr(v.Ip ^ 1);
                if (size == 4)
                {
                    if (v.Ip % 4 == 0) throw new TemplateError("Network address of /30 has no peer");
                    if (v.Ip % 4 == 3) throw new TemplateError("Broadcast address of /30 has no peer");
                    return Addr(v.Ip ^ 3);
                }

                throw new TemplateError("Not a point-to-point network");
            case "prefix":
                return AnsibleInt.Of(v.Prefix);
            case "private":
                return IsPrivate(v) ? value : none;
            case "public":
                var host = new IpNetwork(v.Ip, v.Width, v.Version);
                var isMask = IsMask(v.Ip ^ v.Max) || IsMask(v.Ip);
                return !IsMulticast(host) && !IsPrivate(host) && !IsLoopback(v.Ip, v.Version) && !isMask ? value : none;
            case "revdns":
                return S(ReverseDns(v));
            case "size":
                return AnsibleInt.Of(size);
            case "size_usable":
                return AnsibleInt.Of(size == 1 ? 0 : size == 2 ? 2 : size - 2);
            case "type":
                return S(size == 1 || v.Ip != v.Network ? "address" : "network");
            case "version":
                return AnsibleInt.Of(v.Version);
            case "wrap":
                return v.Version == 6 ? S(vtype == "address" ? $"[{v.Format(v.Ip)}]" : $"[{v.Format(v.Ip)}]/{v.Prefix}") : value;
            case "6to4":
                return new AnsibleUnknown("the `6to4` ipaddr query is not modelled by VarTrace");
        }

        // ansible.utils 2.10 calls this with alias=None, so its "unknown filter type" error itself fails.
        if (PythonNumbers.ParseFloat(query) is null) throw new TemplateError("unsupported operand type(s) for +: 'NoneType' and 'str'");
        if (size == 1) return vtype == "address" ? Addr(v.Ip) : S(v.ToString());
        if (!BigInteger.TryParse(query, out var index)) return AnsibleBool.False;
        if (index < 0) index += size;
        if (index < 0 || index >= size) return AnsibleBool.False;
        return S($"{v.Format(v.Network + (UInt128)index)}/{v.Prefix}");
    }

    /// <summary>ipaddr_utils' <c>_first_last</c>: a /31 uses both addresses, larger networks drop the first and last.</summary>
    private static (UInt128 First, UInt128 Last) FirstLast(IpNetwork v) =>
        v.Size == 2 ? (v.Network, v.Last) : (v.Network + 1, v.Last - 1);

    private static bool IsLoopback(UInt128 ip, int version) =>
        version == 4 ? new IpNetwork(ip, 32, 4).In("127.0.0.0/8") : ip == 1;

    private static bool IsMulticast(IpNetwork v) => v.In(v.Version == 4 ? "224.0.0.0/4" : "ff00::/8");

    /// <summary>netaddr 0.8's <c>is_private</c>: RFC 1918, CGNAT, 192.0.0.0/24, 198.18.0.0/15, 239/8, ULA, site-local, link-local.</summary>
    private static bool IsPrivate(IpNetwork v)
    {
        string[] ranges = v.Version == 4
            ? ["10.0.0.0/8", "100.64.0.0/10", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "239.0.0.0/8", "169.254.0.0/16"]
            : ["fc00::/7", "fec0::/10", "fe80::/10"];
        return ranges.Any(v.In);
    }

    /// <summary>netaddr's <c>is_netmask</c>/<c>is_hostmask</c> test: <c>x + 1</c> is a power of two.</summary>
    private static bool IsMask(UInt128 value) => value == UInt128.MaxValue || ((value + 1) & value) == 0;

    private static string ReverseDns(IpNetwork v)
    {
        if (v.Version == 4)
        {
            var octets = v.Format(v.Ip).Split('.');
            return string.Join('.', octets.Reverse()) + ".in-addr.arpa.";
        }

        var nibbles = new List<char>();
        var ip = v.Ip;
        for (var i = 0; i < 32; i++)
        {
            nibbles.Add("0123456789abcdef"[(int)(ip & 0xF)]);
            ip >>= 4;
        }

        return string.Join('.', nibbles) + ".ip6.arpa.";
    }

    /// <summary><c>ipwrap(query='')</c>: IPv6 addresses in brackets; anything else unchanged.</summary>
    private static AnsibleValue IpWrap(FilterCall call)
    {
        var query = Query(call);
        AnsibleValue Wrap(AnsibleValue item)
        {
            try
            {
                var result = IpAddr(item, query, 0);
                return PythonOps.Truthy(result) == true ? IpAddr(result, new AnsibleString("wrap"), 0) : item;
            }
            catch (TemplateError)
            {
                return item;
            }
        }

        if (call.Input is AnsibleList list) return new AnsibleList([.. list.Items.Select(Wrap)]);
        if (call.Input is not (AnsibleString or AnsibleBool)) throw call.Error($"Unrecognized type <{AnsibleCoreFilters.ClassRepr(call.Input)}> for ipwrap filter <value>");
        return Wrap(call.Input);
    }

    /// <summary>The value as a netaddr network (<c>cidr</c> of an address, <c>subnet</c> of a network), or null.</summary>
    private static IpNetwork? AsNetwork(AnsibleValue value)
    {
        var type = IpAddr(value, new AnsibleString("type"), 0);
        var text = type switch
        {
            AnsibleString { Value: "address" } => IpAddr(value, new AnsibleString("cidr"), 0),
            AnsibleString { Value: "network" } => IpAddr(value, new AnsibleString("subnet"), 0),
            _ => null,
        };
        return text is AnsibleString s ? IpNetwork.Parse(s.Value) : null;
    }

    /// <summary><c>nthhost(query)</c>: the nth address of the network (negative from the end).</summary>
    private static AnsibleValue NthHost(FilterCall call)
    {
        if (AsNetwork(call.Input) is not { } v) return AnsibleBool.False;
        var query = Query(call);
        if (PythonOps.Truthy(query) != true) return AnsibleBool.False;
        BigInteger nth;
        if (query is AnsibleInt or AnsibleBool) nth = PythonOps.IntOf(query);
        else if (query is AnsibleString s && PythonNumbers.ParseInt(s.Value, 10) is { } parsed) nth = parsed;
        else return AnsibleBool.False;
        if (v.Size <= nth) return AnsibleBool.False;
        var index = nth < 0 ? nth + v.Size : nth;
        return index < 0 ? AnsibleBool.False : new AnsibleString(v.Format(v.Network + (UInt128)index));
    }

    /// <summary><c>next_nth_usable(offset)</c>: the address <c>offset</c> after the value's, if usable in its network.</summary>
    private static AnsibleValue NextNthUsable(FilterCall call)
    {
        if (AsNetwork(call.Input) is not { } v) return AnsibleBool.False;
        if (call.Argument(0, "offset") is not AnsibleInt offset) throw call.Error("Must pass in an integer");
        if (v.Size <= 1) return AnsibleNull.Instance;
        var (first, last) = FirstLast(v);
        var nth = (BigInteger)v.Ip + offset.Value;
        return nth >= (BigInteger)first && nth <= (BigInteger)last ? new AnsibleString(v.Format((UInt128)nth)) : AnsibleNull.Instance;
    }

    /// <summary><c>network_in_usable(test)</c>: whether every address of <c>test</c> is a usable address of the value.</summary>
    private static AnsibleValue NetworkInUsable(FilterCall call)
    {
        var test = call.Argument(0, "test") ?? throw call.Error("missing required arguments: test");
        var v = Normalize(call.Input);
        var w = Normalize(test);
        BigInteger Int(AnsibleValue x, string primary, string fallback)
        {
            var first = IpAddr(x, new AnsibleString(primary), 0);
            var chosen = PythonOps.Truthy(first) == true ? first : IpAddr(x, new AnsibleString(fallback), 0);
            return IpAddr(chosen, new AnsibleString("int"), 0) is AnsibleInt i ? i.Value : throw call.Error("'<=' not supported between instances of 'bool' and 'int'");
        }

        var vFirst = Int(v, "first_usable", "address");
        var vLast = Int(v, "last_usable", "address");
        var wFirst = Int(w, "network", "address");
        var wLast = Int(w, "broadcast", "address");
        return AnsibleBool.Of(vFirst <= wFirst && wFirst <= vLast && vFirst <= wLast && wLast <= vLast);
    }

    private static AnsibleValue Normalize(AnsibleValue value)
    {
        var type = IpAddr(value, new AnsibleString("type"), 0);
        return type is AnsibleString { Value: "address" or "network" } ? IpAddr(value, new AnsibleString("subnet"), 0) : AnsibleBool.False;
    }

    /// <summary><c>ipmath(amount)</c>: the address plus an integer.</summary>
    private static AnsibleValue IpMath(FilterCall call)
    {
        var text = PythonOps.Str(call.Input);
        var parsed = text.Contains('/') ? IpNetwork.Parse(text) : IpNetwork.ParseAddress(text) is { } a ? new IpNetwork(a.Value, a.Version == 4 ? 32 : 128, a.Version) : null;
        if (parsed is not { } v) throw call.Error($"You must pass a valid IP address; {text} is invalid");
        if (call.Argument(0, "amount") is not AnsibleInt amount) throw call.Error("You must pass an integer for arithmetic; {0} is not a valid integer".Replace("{0}", PythonOps.Str(call.Argument(0, "amount") ?? AnsibleNull.Instance), StringComparison.Ordinal));
        var result = (BigInteger)v.Ip + amount.Value;
        if (result < 0 || result > (BigInteger)v.Max) throw call.Error("IPv" + v.Version + " address out of range");
        return new AnsibleString(v.Format((UInt128)result));
    }
}
