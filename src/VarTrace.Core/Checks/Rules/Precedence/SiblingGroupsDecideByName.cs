using VarTrace.Core.Model;
using VarTrace.Core.Precedence;

namespace VarTrace.Core.Checks.Rules.Precedence;

/// <summary>
/// VT1003: a host is in two groups at the same depth and <c>ansible_group_priority</c> that set a
/// variable to different values, so the group whose name sorts last decides.
/// </summary>
public static class SiblingGroupsDecideByName
{
    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT1003",
        "sibling-groups-decide-by-name",
        "Groups at the same depth and priority decide a value by name",
        "`{0}` on {1} is decided by group name: groups `{2}` and `{3}` have the same depth and priority, and `{2}` wins only because it sorts after `{3}`",
        RuleCategory.Precedence,
        Severity.Warning,
        RuleStatus.Preview,
        "0.1.0",
        "set `ansible_group_priority` on the group that should win, or set the value in one place only");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on)
    {
        var ties = new Dictionary<(SourceLocation Winner, SourceLocation Loser), Tie>();
        on.OnResolution(context =>
        {
            foreach (var name in context.Resolution.NamesAssigned(static (source, _) => IsGroupSource(source)))
            {
                var variable = context.Resolution.Variables[name];
                var winner = variable.Winner;
                if (!IsGroupDefinition(winner)) continue;
                foreach (var other in variable.Applied)
                {
                    if (!IsGroupDefinition(other) || other.Source.Rank.Group == winner.Source.Rank.Group) continue;
                    var (w, l) = (winner.Source.Rank, other.Source.Rank);
                    if (other.Source.Level != winner.Source.Level || w.InventorySource != l.InventorySource) continue;
                    if (w.GroupDepth != l.GroupDepth || w.GroupPriority != l.GroupPriority) continue;
                    if (other.Assignment.Value.DeepEquals(winner.Assignment.Value)) continue;
                    var key = (winner.Assignment.Location, other.Assignment.Location);
                    if (!ties.TryGetValue(key, out var tie)) ties[key] = tie = new Tie(winner, other);
                    tie.Hosts.Add(context.Resolution.Host);
                }
            }
        });
        on.OnEnd(_ =>
        {
            foreach (var tie in ties.Values)
            {
                var hosts = tie.Hosts.Order(StringComparer.Ordinal).ToList();
                var who = hosts.Count == 1 ? $"host `{hosts[0]}`" : $"hosts `{hosts[0]}` and {hosts.Count - 1} more";
                on.Report(
                    tie.Winner.Assignment.Location,
                    tie.Winner.Assignment.Name.Length,
                    [Definitions.Related(tie.Loser, "the value that loses by name")],
                    tie.Winner.Assignment.Name,
                    who,
                    tie.Winner.Source.Rank.Group,
                    tie.Loser.Source.Rank.Group);
            }
        });
    }

    private static bool IsGroupDefinition(AppliedDefinition definition) => IsGroupSource(definition.Source);

    private static bool IsGroupSource(VarSource source) =>
        source.Rank.Group is { } group && group != "all"
        && source.Level is PrecedenceLevel.InventoryFileGroupVars or PrecedenceLevel.InventoryGroupVars or PrecedenceLevel.PlaybookGroupVars;

    private sealed class Tie(AppliedDefinition winner, AppliedDefinition loser)
    {
        public AppliedDefinition Winner { get; } = winner;

        public AppliedDefinition Loser { get; } = loser;

        public HashSet<string> Hosts { get; } = new(StringComparer.Ordinal);
    }
}
