using System.Text.RegularExpressions;
using VarTrace.Core.Inventory;
using VarTrace.Core.Values;

namespace VarTrace.Core.Project;

/// <summary>
/// Evaluates a play's <c>hosts:</c> pattern against the inventory as ansible-core 2.14's
/// <c>InventoryManager.get_hosts</c> does: union of plain terms, then <c>&amp;</c> intersections, then
/// <c>!</c> exclusions; terms are group or host names, shell wildcards, <c>~regex</c>, with an
/// optional <c>[i]</c>/<c>[a:b]</c> subscript.
/// </summary>
public static partial class HostPattern
{
    private static readonly Regex Subscript = new(@"^(.+)\[(-?\d+)(?::(-?\d*))?\]$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>
    /// The hosts matched, in inventory order; null when the pattern is templated and cannot be
    /// evaluated statically.
    /// </summary>
    public static IReadOnlyList<string>? Match(InventoryData inventory, string pattern)
    {
        if (AnsibleValue.HasJinjaMarkup(pattern)) return null;
        var terms = Split(pattern);
        var ordered = terms.Where(static t => t[0] is not ('!' or '&'))
            .Concat(terms.Where(static t => t[0] == '&'))
            .Concat(terms.Where(static t => t[0] == '!'));
        // A list for Ansible's order and a set beside it, so a huge inventory is not searched per host.
        var result = new List<string>();
        var included = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in ordered)
        {
            if (term[0] == '!')
            {
                var excluded = MatchTerm(inventory, term[1..]).ToHashSet(StringComparer.Ordinal);
                result.RemoveAll(excluded.Contains);
                included.ExceptWith(excluded);
            }
            else if (term[0] == '&')
            {
                var kept = MatchTerm(inventory, term[1..]).ToHashSet(StringComparer.Ordinal);
                result.RemoveAll(h => !kept.Contains(h));
                included.IntersectWith(kept);
            }
            else
            {
                // Plain terms all come before `&` and `!`, so `seen` mirrors `result` while it grows.
                foreach (var host in MatchTerm(inventory, term))
                {
                    if (included.Add(host)) result.Add(host);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// <c>inventory/manager.py split_host_pattern</c>: commas if any; else one address (an IPv6
    /// literal) or colon-separated terms, where a bracketed subscript or range (<c>all[0:2]</c>,
    /// <c>node[1:3]</c>) keeps its colon.
    /// </summary>
    private static List<string> Split(string pattern)
    {
        IEnumerable<string> terms = pattern.Contains(',') ? pattern.Split(',')
            : Ipv6Address().IsMatch(pattern) ? [pattern]
            : ColonSeparatedTerm().Matches(pattern).Select(static m => m.Value);
        return [.. terms.Select(static t => t.Trim()).Where(static t => t.Length > 0)];
    }

    [GeneratedRegex(@"(?:[^\s:\[\]]|\[[^\]]*\])+", RegexOptions.CultureInvariant)]
    private static partial Regex ColonSeparatedTerm();

    [GeneratedRegex(@"^[0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f:.]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv6Address();

    private static IEnumerable<string> MatchTerm(InventoryData inventory, string term)
    {
        var match = Subscript.Match(term);
        if (!match.Success || term.StartsWith('~')) return Enumerate(inventory, term);
        var hosts = Enumerate(inventory, match.Groups[1].Value);
        var start = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (start < 0) start += hosts.Count;
        if (!match.Groups[3].Success) return start >= 0 && start < hosts.Count ? [hosts[start]] : [];
        var end = match.Groups[3].Value.Length == 0 ? hosts.Count - 1 : int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (end < 0) end += hosts.Count;
        return hosts.Skip(Math.Max(start, 0)).Take(Math.Max(0, Math.Min(end, hosts.Count - 1) - start + 1));
    }

    private static List<string> Enumerate(InventoryData inventory, string term)
    {
        Func<string, bool> matches;
        if (term.StartsWith('~'))
        {
            Regex regex;
            try
            {
                regex = new Regex(term[1..], RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException)
            {
                return [];
            }

            matches = name => regex.Match(name).Success && regex.Match(name).Index == 0;
        }
        else if (term.IndexOfAny(['*', '?', '[']) >= 0)
        {
            var regex = new Regex("^" + Regex.Escape(term).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            matches = regex.IsMatch;
        }
        else
        {
            matches = name => name == term;
        }

        // `all` lists hosts the way Group.get_hosts walks it: its own, then its children's in order
        // (`ungrouped` is all's first child).
        if (term is "all" or "*") return [.. HostsOf(inventory, inventory.Groups["all"]).Distinct(StringComparer.Ordinal)];
        var hosts = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in inventory.Groups.Values.Where(g => matches(g.Name)))
        {
            foreach (var host in HostsOf(inventory, group))
            {
                if (seen.Add(host)) hosts.Add(host);
            }
        }

        foreach (var host in inventory.Hosts.Keys.Where(matches))
        {
            if (seen.Add(host)) hosts.Add(host);
        }

        return hosts;
    }

    /// <summary>A group's hosts with those of its descendants: the group first, then children breadth-first.</summary>
    private static IEnumerable<string> HostsOf(InventoryData inventory, InventoryGroup group)
    {
        var seenGroups = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<InventoryGroup>([group]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            if (!seenGroups.Add(current.Name)) continue;
            foreach (var host in current.Hosts) yield return host;
            foreach (var child in current.Children) queue.Enqueue(inventory.Groups[child]);
        }
    }
}
