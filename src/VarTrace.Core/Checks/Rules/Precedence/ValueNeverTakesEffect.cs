using VarTrace.Core.Model;
using VarTrace.Core.Precedence;
using VarTrace.Core.Values;

namespace VarTrace.Core.Checks.Rules.Precedence;

/// <summary>
/// VT1001: a value the user sets (inventory, group_vars, host_vars, play vars, vars_files) is
/// replaced in every host and context it applies to, so it never reaches a task.
/// </summary>
/// <remarks>
/// It reads the resolver's fold, so sources added to the resolver later (include_vars, set_fact,
/// task vars) count as winners without a change here.
/// </remarks>
public static class ValueNeverTakesEffect
{
    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT1001",
        "value-never-takes-effect",
        "A value the user sets never takes effect",
        "`{0}` set in {1} never takes effect: {2} replaces it for every host and context it applies to",
        RuleCategory.Precedence,
        Severity.Warning,
        RuleStatus.Preview,
        "0.1.0",
        "set the value where it wins (see `vartrace explain`), or delete this definition");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on)
    {
        var definitions = new Dictionary<SourceLocation, Tally>();
        on.OnResolution(context =>
        {
            foreach (var name in context.Resolution.NamesAssigned(Definitions.IsUserSet))
            {
                var variable = context.Resolution.Variables[name];
                foreach (var applied in variable.Applied)
                {
                    if (!Definitions.IsUserSet(applied)) continue;
                    if (!definitions.TryGetValue(applied.Assignment.Location, out var tally)) definitions[applied.Assignment.Location] = tally = new Tally(applied);
                    if (tally.TakesEffect) continue;

                    // A value equal to the one used changes nothing, and a merged dict contributes.
                    if (ReferenceEquals(applied.Assignment, variable.Winner.Assignment)
                        || (variable.IsMerged && applied.Assignment.Value is AnsibleDict)
                        || applied.Assignment.Value.DeepEquals(variable.Value))
                    {
                        tally.TakesEffect = true;
                        tally.Winners.Clear();
                    }
                    else
                    {
                        tally.Winners.TryAdd(variable.Winner.Assignment.Location, variable.Winner);
                    }
                }
            }
        });
        on.OnEnd(_ =>
        {
            foreach (var tally in definitions.Values.Where(static t => !t.TakesEffect && t.Winners.Count > 0))
            {
                var winners = tally.Winners.Values.OrderBy(static w => w.Assignment.Location.File, StringComparer.Ordinal).ThenBy(static w => w.Assignment.Location.Line).ToList();
                var described = winners.Count == 1 ? Definitions.Describe(winners[0]) : $"{Definitions.Describe(winners[0])} (and {winners.Count - 1} more)";
                var location = tally.Definition.Assignment.Location;
                on.Report(
                    location,
                    tally.Definition.Assignment.Name.Length,
                    winners.Select(static w => Definitions.Related(w, "the value used instead")),
                    tally.Definition.Assignment.Name,
                    location.File,
                    described);
            }
        });
    }

    private sealed class Tally(AppliedDefinition definition)
    {
        public AppliedDefinition Definition { get; } = definition;

        public bool TakesEffect { get; set; }

        public Dictionary<SourceLocation, AppliedDefinition> Winners { get; } = [];
    }
}
