using System.Globalization;
using System.Numerics;
using VarTrace.Core.Model;
using VarTrace.Core.Values;

namespace VarTrace.Core.Inventory;

/// <summary>
/// Adds hosts and variables to <see cref="InventoryData"/> the way ansible-core 2.14's
/// <c>InventoryData.add_host</c>/<c>set_variable</c> and <c>Group.set_variable</c> do; shared by the
/// INI, YAML and host-list readers so their quirks are the same.
/// </summary>
internal sealed class InventoryBuilder(InventoryData data, InputLimits limits)
{
    private long _expandedHostNames;

    /// <summary>The inventory being filled.</summary>
    public InventoryData Data => data;

    /// <summary>Expands a host pattern (<see cref="HostRange.ExpandPattern"/>) within the load's budget.</summary>
    public (List<string> Hosts, BigInteger? Port) ExpandHostPattern(string pattern, SourceLocation location)
    {
        // Each pattern is capped on its own; the total stops many of them from adding up.
        var result = HostRange.ExpandPattern(pattern, location, limits.MaxHostsPerPattern);
        _expandedHostNames += result.Hosts.Count;
        if (_expandedHostNames > limits.MaxExpandedHostNames)
        {
            throw new VarTraceException(location, string.Create(CultureInfo.InvariantCulture, $"the inventory's host patterns expand to more than {limits.MaxExpandedHostNames:N0} host names, the limit (InputLimits.MaxExpandedHostNames)"));
        }

        return result;
    }

    /// <summary>
    /// <c>InventoryData.add_host(host, group, port)</c>. The port becomes <c>ansible_port</c> only when the
    /// host is new and the port is not 0 (<c>Host.__init__</c>: <c>if port:</c>); a port on a later line
    /// for a known host is ignored.
    /// </summary>
    public void AddHost(string host, string group, BigInteger? port, SourceLocation location)
    {
        if (host.Length == 0) throw new VarTraceException(location, "a host name is empty");
        if (!data.Hosts.ContainsKey(host))
        {
            var created = data.GetOrAddHost(host, location);
            if (port is { IsZero: false } p) created.Vars.Add(new Assignment("ansible_port", AnsibleInt.Of(p), location));
        }

        data.AddHostToGroup(group, host, location);
    }

    /// <summary>
    /// <c>InventoryData.set_variable(entity, ...)</c>, which looks the name up among groups first: a host
    /// var of a host that has the same name as a group lands on the group.
    /// </summary>
    public void SetVariable(string entity, string name, AnsibleValue value, SourceLocation location)
    {
        if (data.Groups.TryGetValue(entity, out var group)) SetGroupVariable(group, name, value, location);
        else data.Hosts[entity].Vars.Add(new Assignment(name, value, location));
    }

    /// <summary>
    /// <c>Group.set_variable</c>: <c>ansible_group_priority</c> is cast with Python's <c>int()</c> into the
    /// group's priority and not kept as a variable.
    /// </summary>
    public static void SetGroupVariable(InventoryGroup group, string name, AnsibleValue value, SourceLocation location)
    {
        if (name != "ansible_group_priority")
        {
            group.Vars.Add(new Assignment(name, value, location));
            return;
        }

        BigInteger? priority = value switch
        {
            AnsibleInt i => i.Value,
            AnsibleBool b => b.Value ? 1 : 0,
            AnsibleFloat f when double.IsFinite(f.Value) => new BigInteger(Math.Truncate(f.Value)),
            AnsibleString s => PythonLiteral.ParseIntConstructor(s.Value),
            _ => null,
        };
        if (priority is not { } p)
        {
            var shown = value is AnsibleString s ? $"`{s.Value}`" : $"a {value.PythonType}";
            throw new VarTraceException(location, $"ansible_group_priority of group `{group.Name}` must be an integer, not {shown}");
        }

        if (p < int.MinValue || p > int.MaxValue)
        {
            throw new VarTraceException(location, $"ansible_group_priority of group `{group.Name}` is {p}, beyond the 32-bit range VarTrace supports");
        }

        group.Priority = (int)p;
        group.PriorityLocation = location;
    }
}
