using VarTrace.Core.Project;

namespace VarTrace.Core.Output;

/// <summary>
/// A formatter's cache of texts or bytes for one checkout: one per thread (no locks on the hot
/// path of a listing), for the last workspace it served, which it does not keep alive.
/// </summary>
/// <typeparam name="T">The cache.</typeparam>
internal static class WorkspaceCache<T>
    where T : class, new()
{
    [ThreadStatic]
    private static (WeakReference<Workspace> Workspace, T Cache)? _current;

    /// <summary>This thread's cache for <paramref name="workspace"/>, new when the thread last served another.</summary>
    public static T For(Workspace workspace)
    {
        if (_current is { } current && current.Workspace.TryGetTarget(out var last) && ReferenceEquals(last, workspace)) return current.Cache;
        var fresh = new T();
        _current = (new WeakReference<Workspace>(workspace), fresh);
        return fresh;
    }
}
