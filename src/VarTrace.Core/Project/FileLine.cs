using VarTrace.Core.Model;

namespace VarTrace.Core.Project;

/// <summary>A line of a file of the checkout, as <c>--at FILE:LINE</c> names it.</summary>
/// <param name="File">Project-relative path with <c>/</c>.</param>
/// <param name="Line">1-based line.</param>
public readonly record struct FileLine(string File, int Line)
{
    /// <summary>
    /// Reads <c>FILE:LINE</c>, the file absolute or relative to <paramref name="currentDirectory"/>
    /// (what an IDE passes from the cursor).
    /// </summary>
    /// <exception cref="VarTraceException">It is not <c>FILE:LINE</c>, or the file lies outside the checkout.</exception>
    public static FileLine Parse(string at, ProjectFiles files, string currentDirectory)
    {
        var colon = at.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(at[(colon + 1)..], out var line) || line < 1)
        {
            throw new VarTraceException(null, $"--at `{at}` must be FILE:LINE (a project-relative file and a 1-based line)");
        }

        var file = files.ToRelative(at[..colon], currentDirectory)
            ?? throw new VarTraceException(null, $"--at {at}: the file is outside the project directory");
        return new FileLine(file, line);
    }

    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}";
}
