using System.Collections.Immutable;
using VarTrace.Core.Model;
using VarTrace.Core.Tasks;

namespace VarTrace.Core.Precedence;

/// <summary>
/// What in a host's variables at one task differs from another host's at the same task. Every
/// other source (role defaults and vars, play and task vars, params, extra vars, play magic)
/// belongs to the task's context and is the same object for every host. So with
/// <c>hash_behaviour=replace</c> two hosts get the very same raw value for a name when, in each of
/// these layers, the topmost definition of it is the same assignment (or both have none): the
/// host's groups' variables, its own inventory entry, magic and host_vars files, and what tasks
/// wrote to it. The task runner computes a task's write once for all hosts that agree on every
/// name the write read.
/// </summary>
internal sealed class HostLayers(SourceLayer groups, SourceLayer own, ImmutableList<TaskWrite> writes, IReadOnlySet<string> writtenNames, IReadOnlySet<string> rebuiltPerResolution)
{
    private readonly SourceLayer _groups = groups;
    private readonly SourceLayer _own = own;
    private readonly ImmutableList<TaskWrite> _writes = writes;
    private readonly IReadOnlySet<string> _writtenNames = writtenNames;
    private readonly IReadOnlySet<string> _rebuiltPerResolution = rebuiltPerResolution;

    /// <summary><c>hostvars</c> is a new view in every resolution, so two hosts never agree on it.</summary>
    public static IReadOnlySet<string> RebuiltPerResolution { get; } = new HashSet<string>(StringComparer.Ordinal) { "hostvars" };

    /// <summary>With <c>serial:</c>, a host's batch is its own too.</summary>
    public static IReadOnlySet<string> RebuiltPerResolutionAndBatch { get; } = new HashSet<string>(StringComparer.Ordinal) { "hostvars", "ansible_play_batch", "play_hosts" };

    /// <summary>True when both hosts' raw value of <paramref name="name"/> comes from the same definition, or neither has one.</summary>
    public bool AgreeOn(HostLayers other, string name) =>
        !_rebuiltPerResolution.Contains(name)
        && !other._rebuiltPerResolution.Contains(name)
        && ReferenceEquals(_groups.Topmost(name), other._groups.Topmost(name))
        && ReferenceEquals(_own.Topmost(name), other._own.Topmost(name))
        && ReferenceEquals(LastWrite(name), other.LastWrite(name));

    /// <summary>The last assignment a task wrote of <paramref name="name"/> to this host (include_vars and set_fact stores alike).</summary>
    private Assignment? LastWrite(string name)
    {
        if (!_writtenNames.Contains(name)) return null;
        Assignment? includeVars = null;
        for (var i = _writes.Count - 1; i >= 0; i--)
        {
            var assignments = _writes[i].Assignments;
            for (var j = assignments.Length - 1; j >= 0; j--)
            {
                if (assignments[j].Name != name) continue;

                // The set_fact store (L) folds above the include_vars store (K), whatever the order of writing.
                if (_writes[i].Level == PrecedenceLevel.SetFact) return assignments[j];
                includeVars ??= assignments[j];
                break;
            }
        }

        return includeVars;
    }
}
