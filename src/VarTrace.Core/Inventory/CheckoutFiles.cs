using VarTrace.Core.Model;

namespace VarTrace.Core.Inventory;

/// <summary>
/// Read access to the checkout for inventory loading, confined to its root: paths are project-relative
/// with <c>/</c> separators, and nothing that resolves outside the root (through <c>..</c> or a
/// symlink) is read.
/// </summary>
internal sealed class CheckoutFiles
{
    /// <summary>Largest file read, so a huge file is an error instead of an out-of-memory.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>Opens the checkout at <paramref name="root"/>.</summary>
    /// <exception cref="VarTraceException">The directory does not exist.</exception>
    public CheckoutFiles(string root)
    {
        if (!Directory.Exists(root)) throw new VarTraceException(null, $"project directory `{root}` does not exist");
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    /// <summary>The absolute path of the checkout.</summary>
    public string Root { get; }

    /// <summary>The absolute path of a project-relative path.</summary>
    public string FullPath(string relativePath) =>
        relativePath.Length == 0 ? Root : Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The project-relative form of an absolute path ("" for the root); null when it lies outside.</summary>
    public string? ToRelative(string fullPath)
    {
        if (fullPath == Root) return string.Empty;
        if (!fullPath.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return null;
        return fullPath[(Root.Length + 1)..].Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>The project-relative directory of a project-relative path ("" for the root).</summary>
    public static string DirectoryOf(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? string.Empty : relativePath[..slash];
    }

    /// <summary>
    /// Names in a directory as project-relative paths, sorted ordinally like Python's <c>sorted()</c>
    /// sorts <c>os.listdir</c>, which is the order Ansible reads them in.
    /// </summary>
    public IReadOnlyList<string> List(string relativeDirectory) =>
        Directory.EnumerateFileSystemEntries(FullPath(relativeDirectory))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .Select(name => relativeDirectory.Length == 0 ? name : $"{relativeDirectory}/{name}")
            .ToList();

    /// <summary>Reads a UTF-8 text file of the checkout.</summary>
    /// <exception cref="VarTraceException">The file resolves outside the checkout, is too large or cannot be read.</exception>
    public string ReadText(string relativePath)
    {
        var location = SourceLocation.WholeFile(relativePath);
        if (!IsInside(relativePath))
        {
            throw new VarTraceException(location, "the file resolves outside the checkout (through a symlink) and is not read");
        }

        var info = new FileInfo(FullPath(relativePath));
        if (info.Length > MaxFileBytes)
        {
            throw new VarTraceException(location, $"the file is {info.Length} bytes, larger than the {MaxFileBytes} bytes VarTrace reads");
        }

        try
        {
            return File.ReadAllText(info.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VarTraceException(location, $"cannot read the file: {e.Message}");
        }
    }

    /// <summary>True when no prefix of the path is a symlink leading outside the root (or into a loop).</summary>
    public bool IsInside(string relativePath)
    {
        var current = Root;
        foreach (var part in relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is null) continue;
            FileSystemInfo? target;
            try
            {
                target = info.ResolveLinkTarget(returnFinalTarget: true);
            }
            catch (IOException)
            {
                return false;
            }

            if (target is null || ToRelative(Path.GetFullPath(target.FullName)) is null) return false;
        }

        return true;
    }
}
