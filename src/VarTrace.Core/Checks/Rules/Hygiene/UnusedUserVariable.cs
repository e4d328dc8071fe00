using VarTrace.Core.Model;
using VarTrace.Core.Precedence;

namespace VarTrace.Core.Checks.Rules.Hygiene;

/// <summary>
/// VT3001: a variable set in inventory, group_vars or host_vars that no role, playbook, task or
/// template reads; often a typo of a name that is read.
/// </summary>
public static class UnusedUserVariable
{
    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT3001",
        "unused-user-variable",
        "A variable set in the inventory is read by nothing",
        "`{0}` is set in {1} but nothing in the checkout reads it{2}",
        RuleCategory.Hygiene,
        Severity.Info,
        RuleStatus.Preview,
        "0.1.0",
        "fix the name if it is a typo, or delete it if nothing needs it");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on)
    {
        var definitions = new Dictionary<SourceLocation, AppliedDefinition>();
        var roleDefaults = new HashSet<string>(StringComparer.Ordinal);
        on.OnResolution(context =>
        {
            var resolution = context.Resolution;
            foreach (var name in resolution.NamesAssigned(Definitions.IsInventoryLevel))
            {
                foreach (var applied in resolution.Variables[name].Applied)
                {
                    if (Definitions.IsInventoryLevel(applied)) definitions.TryAdd(applied.Assignment.Location, applied);
                }
            }

            roleDefaults.UnionWith(resolution.NamesAssigned(static (source, _) => source.Level == PrecedenceLevel.RoleDefaults));
        });
        on.OnEnd(end =>
        {
            var read = end.Scan.ReferencedNames;
            var candidates = read.Concat(roleDefaults).Where(static n => n.Length > 0 && (char.IsLetter(n[0]) || n[0] == '_')).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            // One finding per name and file: an inventory that sets `ip` on every host has one mistake, not one per host.
            var byFile = definitions.Values.GroupBy(static d => (d.Assignment.Name, d.Assignment.Location.File));
            foreach (var group in byFile)
            {
                var definition = group.OrderBy(static d => d.Assignment.Location.Line).First();
                var name = definition.Assignment.Name;

                // Ansible reads connection and behaviour variables (ansible_host, ansible_user...) itself.
                if (read.Contains(name) || name.StartsWith("ansible_", StringComparison.Ordinal)) continue;
                var closest = Closest(name, candidates);
                on.Report(
                    definition.Assignment.Location,
                    name.Length,
                    [],
                    name,
                    group.Count() == 1 ? definition.Assignment.Location.File : $"{definition.Assignment.Location.File} ({group.Count()} times)",
                    closest is null ? string.Empty : $"; did you mean `{closest}`?");
            }
        });
    }

    /// <summary>The candidate nearest by edit distance, if it is near enough to be a typo.</summary>
    private static string? Closest(string name, List<string> candidates)
    {
        var limit = Math.Max(1, Math.Min(3, name.Length / 5));
        string? best = null;
        var bestDistance = limit + 1;
        foreach (var candidate in candidates)
        {
            if (candidate == name || Math.Abs(candidate.Length - name.Length) > limit || BagDistance(name, candidate) >= bestDistance) continue;
            var distance = EditDistance(name, candidate, bestDistance);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>
    /// A lower bound of the edit distance from the letters alone: each edit adds, removes or
    /// changes one letter. Most candidates share few letters with a name and are ruled out by it in
    /// linear time, before the quadratic distance.
    /// </summary>
    private static int BagDistance(string a, string b)
    {
        Span<int> counts = stackalloc int[128];
        foreach (var c in a) counts[Math.Min(c, (char)127)]++;
        foreach (var c in b) counts[Math.Min(c, (char)127)]--;
        int surplus = 0, shortfall = 0;
        foreach (var count in counts)
        {
            if (count > 0) surplus += count;
            else shortfall -= count;
        }

        return Math.Max(surplus, shortfall);
    }

    /// <summary>Levenshtein distance, giving up once every path exceeds <paramref name="cap"/>.</summary>
    private static int EditDistance(string a, string b, int cap)
    {
        // Called for every unused name against every candidate: the two rows live on the stack.
        Span<int> buffer = b.Length < 256 ? stackalloc int[2 * (b.Length + 1)] : new int[2 * (b.Length + 1)];
        var previous = buffer[..(b.Length + 1)];
        var current = buffer[(b.Length + 1)..];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                rowMinimum = Math.Min(rowMinimum, current[j]);
            }

            if (rowMinimum > cap) return rowMinimum;
            var swap = previous;
            previous = current;
            current = swap;
        }

        return previous[b.Length];
    }
}
