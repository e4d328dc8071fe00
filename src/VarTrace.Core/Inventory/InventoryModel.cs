using System.Collections.Immutable;
using VarTrace.Core.Model;

namespace VarTrace.Core.Inventory;

/// <summary>
/// One <c>-i</c> source (a file or a directory). Its <see cref="VarsDirectory"/> is where Ansible's
/// <c>host_group_vars</c> plugin looks for <c>group_vars/</c> and <c>host_vars/</c>: the directory of
/// a file source, the directory itself for a directory source.
/// </summary>
/// <param name="Path">The source as given, relative to the project root.</param>
/// <param name="VarsDirectory">Directory holding this source's group_vars/host_vars, relative to the project root ("" is the root).</param>
/// <param name="Index">0-based position among all sources, in the order Ansible loads them.</param>
public sealed record InventorySource(string Path, string VarsDirectory, int Index);

/// <summary>A group as the inventory defines it.</summary>
public sealed class InventoryGroup(string name)
{
    /// <summary>The group name.</summary>
    public string Name { get; } = name;

    /// <summary>Direct children, in the order first declared.</summary>
    public List<string> Children { get; } = [];

    /// <summary>Direct parents, in the order first declared.</summary>
    public List<string> Parents { get; } = [];

    /// <summary>Hosts directly in this group, in the order first declared.</summary>
    public List<string> Hosts { get; } = [];

    /// <summary>
    /// Variables set by inventory sources (<c>[g:vars]</c>, YAML <c>vars:</c>), in assignment order;
    /// a later assignment of the same name wins.
    /// </summary>
    public List<Assignment> Vars { get; } = [];

    /// <summary>
    /// <c>ansible_group_priority</c> as set by an inventory source (default 1). Ansible casts it to int
    /// and does not keep it as a variable; set in group_vars it has no effect on ordering.
    /// </summary>
    public int Priority { get; set; } = 1;

    /// <summary>Where <see cref="Priority"/> was set, when it was.</summary>
    public SourceLocation? PriorityLocation { get; set; }

    /// <summary>Where the group was first declared.</summary>
    public SourceLocation? Location { get; set; }

    /// <summary>Longest path from <c>all</c> (0 for <c>all</c>), filled in by <see cref="InventoryData.Reconcile"/>.</summary>
    public int Depth { get; set; }
}

/// <summary>A host as the inventory defines it.</summary>
public sealed class InventoryHost(string name)
{
    /// <summary>The inventory hostname.</summary>
    public string Name { get; } = name;

    /// <summary>Groups the host is directly in, in the order first declared.</summary>
    public List<string> Groups { get; } = [];

    /// <summary>Inline host variables from inventory sources, in assignment order.</summary>
    public List<Assignment> Vars { get; } = [];

    /// <summary>Where the host was first declared.</summary>
    public SourceLocation? Location { get; set; }
}

/// <summary>
/// The merged group tree of every inventory source, as Ansible's <c>InventoryData</c> holds it
/// after reconciliation (every parentless group is a child of <c>all</c>, hosts in no group are in
/// <c>ungrouped</c>).
/// </summary>
public sealed class InventoryData
{
    /// <summary>The sources in load order.</summary>
    public List<InventorySource> Sources { get; } = [];

    /// <summary>Groups by name, including <c>all</c> and <c>ungrouped</c>.</summary>
    public Dictionary<string, InventoryGroup> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>Hosts by name, in declaration order.</summary>
    public Dictionary<string, InventoryHost> Hosts { get; } = new(StringComparer.Ordinal);

    /// <summary>Problems that did not stop loading.</summary>
    public List<LoadDiagnostic> Diagnostics { get; }

    /// <summary>Creates an inventory with just <c>all</c> and its child <c>ungrouped</c>.</summary>
    /// <param name="diagnostics">Where problems are collected (a new list when null).</param>
    public InventoryData(List<LoadDiagnostic>? diagnostics = null)
    {
        Diagnostics = diagnostics ?? [];
        Groups["all"] = new InventoryGroup("all");
        Groups["ungrouped"] = new InventoryGroup("ungrouped");

        // As ansible-core 2.14's InventoryData.__init__ does, so `ungrouped` is all's first child even
        // when a source (YAML `all: children:`) adds children to all before reconciliation.
        AddChild("all", "ungrouped", null);
    }

    /// <summary>Returns the group, creating it when new.</summary>
    public InventoryGroup GetOrAddGroup(string name, SourceLocation? location)
    {
        if (!Groups.TryGetValue(name, out var group))
        {
            group = new InventoryGroup(name) { Location = location };
            Groups[name] = group;
        }

        return group;
    }

    /// <summary>Returns the host, creating it when new.</summary>
    public InventoryHost GetOrAddHost(string name, SourceLocation? location)
    {
        if (!Hosts.TryGetValue(name, out var host))
        {
            host = new InventoryHost(name) { Location = location };
            Hosts[name] = host;
        }

        return host;
    }

    /// <summary>Makes <paramref name="child"/> a child group of <paramref name="parent"/>.</summary>
    public void AddChild(string parent, string child, SourceLocation? location)
    {
        var p = GetOrAddGroup(parent, location);
        var c = GetOrAddGroup(child, location);
        if (!p.Children.Contains(child)) p.Children.Add(child);
        if (!c.Parents.Contains(parent)) c.Parents.Add(parent);
    }

    /// <summary>Puts <paramref name="host"/> directly into <paramref name="group"/>.</summary>
    public void AddHostToGroup(string group, string host, SourceLocation? location)
    {
        var g = GetOrAddGroup(group, location);
        var h = GetOrAddHost(host, location);

        // The two lists mirror each other; the host's is short, the group's may hold a whole range
        // of hosts, so membership is checked on the host's side.
        if (h.Groups.Contains(group)) return;
        h.Groups.Add(group);
        g.Hosts.Add(host);
    }

    /// <summary>
    /// Ansible's reconcile step (ansible-core 2.14 <c>inventory/data.py</c>): parentless groups become
    /// children of <c>all</c>, hosts in no group but <c>all</c> go to <c>ungrouped</c>, and every group
    /// gets its depth, the longest path from <c>all</c>.
    /// </summary>
    public void Reconcile()
    {
        foreach (var group in Groups.Values)
        {
            if (group.Name != "all" && group.Parents.Count == 0) AddChild("all", group.Name, group.Location);
        }

        var leavingUngrouped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var host in Hosts.Values)
        {
            if (host.Groups.All(static g => g is "all" or "ungrouped")) AddHostToGroup("ungrouped", host.Name, host.Location);
            else if (host.Groups.Contains("ungrouped") && host.Groups.Count(static g => g != "all") > 1)
            {
                host.Groups.Remove("ungrouped");
                leavingUngrouped.Add(host.Name);
            }
        }

        Groups["ungrouped"].Hosts.RemoveAll(leavingUngrouped.Contains);

        ComputeDepths();
    }

    /// <summary>
    /// The host's groups: those it is directly in plus all their ancestors, <c>all</c> included.
    /// </summary>
    public IReadOnlySet<string> GroupsOf(string hostName)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(Hosts[hostName].Groups);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!result.Add(name)) continue;
            foreach (var parent in Groups[name].Parents) pending.Push(parent);
        }

        result.Add("all");
        return result;
    }

    private void ComputeDepths()
    {
        foreach (var group in Groups.Values) group.Depth = 0;

        // Longest path from `all` over a DAG: relax in topological order. A cycle (which Ansible
        // rejects) is reported instead of looping.
        var indegree = Groups.Values.ToDictionary(static g => g.Name, static g => g.Parents.Count, StringComparer.Ordinal);
        var ready = new Queue<string>(indegree.Where(static p => p.Value == 0).Select(static p => p.Key).Order(StringComparer.Ordinal));
        var visited = 0;
        while (ready.Count > 0)
        {
            var group = Groups[ready.Dequeue()];
            visited++;
            foreach (var childName in group.Children)
            {
                var child = Groups[childName];
                child.Depth = Math.Max(child.Depth, group.Depth + 1);
                if (--indegree[childName] == 0) ready.Enqueue(childName);
            }
        }

        if (visited != Groups.Count)
        {
            var cyclic = indegree.Where(static p => p.Value > 0).Select(static p => p.Key).Order(StringComparer.Ordinal).First();
            throw new VarTraceException(Groups[cyclic].Location, $"group `{cyclic}` is its own ancestor (a cycle in the inventory's children)");
        }
    }

    /// <summary>
    /// Ansible's <c>sort_groups</c>: ascending by (depth, priority, name), so the last one wins when
    /// their variables are combined. Names compare as Python strings (ordinal).
    /// </summary>
    public IEnumerable<InventoryGroup> SortForPrecedence(IEnumerable<string> groupNames) =>
        groupNames.Select(n => Groups[n])
            .OrderBy(static g => g.Depth)
            .ThenBy(static g => g.Priority)
            .ThenBy(static g => g.Name, StringComparer.Ordinal);
}
