using System.Collections.Immutable;
using VarTrace.Core.Model;

namespace VarTrace.Core.Precedence;

/// <summary>
/// Consecutive sources that many resolutions share (one group set's group variables, one host's
/// own variables), built once, with the topmost definition of each name among them for comparing
/// hosts (<see cref="HostLayers"/>). Thread-safe.
/// </summary>
internal sealed class SourceLayer(ImmutableArray<VarSource> sources)
{
    private Dictionary<string, Assignment>? _topmost;

    /// <summary>The sources in fold order.</summary>
    public ImmutableArray<VarSource> Sources { get; } = sources;

    /// <summary>The last definition of <paramref name="name"/> in these sources, or null.</summary>
    public Assignment? Topmost(string name) => (_topmost ?? IndexTopmost()).GetValueOrDefault(name);

    private Dictionary<string, Assignment> IndexTopmost()
    {
        var topmost = new Dictionary<string, Assignment>(StringComparer.Ordinal);
        foreach (var source in Sources)
        {
            foreach (var assignment in source.Assignments) topmost[assignment.Name] = assignment;
        }

        // Two threads may both build it; either result is the same.
        return Interlocked.CompareExchange(ref _topmost, topmost, null) ?? topmost;
    }
}
