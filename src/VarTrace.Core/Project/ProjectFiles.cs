using VarTrace.Core.Model;

namespace VarTrace.Core.Project;

/// <summary>
/// Read access to the checkout, confined to its root: every path handed out is project-relative
/// with <c>/</c> separators, and nothing outside the root (through <c>..</c> or a symlink) is read.
/// The files come from the disk, or from an <see cref="IFileTree"/> such as a git revision.
/// </summary>
public sealed class ProjectFiles
{
    /// <summary>Largest file read, so a huge file is an error instead of an out-of-memory.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    private readonly IFileTree? _tree;

    /// <summary>Opens the checkout at <paramref name="root"/>.</summary>
    public ProjectFiles(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new VarTraceException(null, $"project directory `{root}` does not exist");
        }

        Root = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
    }

    /// <summary>
    /// Opens the checkout at <paramref name="root"/> as <paramref name="tree"/> holds it; the root
    /// only anchors absolute paths (<c>playbook_dir</c>, <c>-i</c> arguments) and need not hold these files.
    /// </summary>
    public ProjectFiles(string root, IFileTree tree)
    {
        Root = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        _tree = tree;
    }

    /// <summary>The absolute path of the checkout.</summary>
    public string Root { get; }

    /// <summary>Joins project-relative parts into a normalised project-relative path.</summary>
    public static string Combine(string directory, string name)
    {
        var joined = directory.Length == 0 ? name : $"{directory}/{name}";
        var parts = new List<string>();
        foreach (var part in joined.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == ".." && parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
            else parts.Add(part);
        }

        return string.Join('/', parts);
    }

    /// <summary>The project-relative directory of a project-relative file ("" for the root).</summary>
    public static string DirectoryOf(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? string.Empty : relativePath[..slash];
    }

    /// <summary>
    /// Turns a user-given path (absolute, or relative to <paramref name="currentDirectory"/>) into a
    /// project-relative one; null when it lies outside the checkout.
    /// </summary>
    public string? ToRelative(string path, string currentDirectory)
    {
        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(currentDirectory, path));
        if (full == Root) return string.Empty;
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return null;
        return full[(Root.Length + 1)..].Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>The absolute path of a project-relative path.</summary>
    public string FullPath(string relativePath) =>
        relativePath.Length == 0 ? Root : Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>True when a regular file exists there, inside the checkout.</summary>
    public bool FileExists(string relativePath) => _tree?.FileExists(relativePath) ?? (IsInside(relativePath) && File.Exists(FullPath(relativePath)));

    /// <summary>True when a directory exists there, inside the checkout.</summary>
    public bool DirectoryExists(string relativePath) => _tree?.DirectoryExists(relativePath) ?? (IsInside(relativePath) && Directory.Exists(FullPath(relativePath)));

    /// <summary>True when anything exists there, even a symlink that leads outside the checkout.</summary>
    public bool Exists(string relativePath) => _tree?.Exists(relativePath) ?? Path.Exists(FullPath(relativePath));

    /// <summary>True when the path is a symlink to a directory (anywhere).</summary>
    public bool IsSymlinkedDirectory(string relativePath) =>
        _tree?.IsSymlinkedDirectory(relativePath) ?? (Directory.Exists(FullPath(relativePath)) && new DirectoryInfo(FullPath(relativePath)).LinkTarget is not null);

    /// <summary>True when the file has an execute permission bit (never on Windows).</summary>
    public bool IsExecutable(string relativePath)
    {
        if (_tree is not null) return _tree.IsExecutable(relativePath);
        if (OperatingSystem.IsWindows()) return false;
        const UnixFileMode Execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(FullPath(relativePath)) & Execute) != 0;
    }

    /// <summary>
    /// Entries of a directory as project-relative paths, sorted the way Python's <c>sorted()</c>
    /// sorts names (ordinal), which is the order Ansible reads them in.
    /// </summary>
    public IReadOnlyList<string> List(string relativeDirectory)
    {
        if (!DirectoryExists(relativeDirectory)) return [];
        var names = _tree?.EntryNames(relativeDirectory) ?? Directory.EnumerateFileSystemEntries(FullPath(relativeDirectory))
            .Select(Path.GetFileName)
            .OfType<string>();
        return names
            .Order(StringComparer.Ordinal)
            .Select(name => Combine(relativeDirectory, name))
            .ToList();
    }

    /// <summary>Reads a UTF-8 text file of the checkout.</summary>
    /// <exception cref="VarTraceException">The file is missing, outside the checkout, too large, or not a regular file.</exception>
    public string ReadText(string relativePath)
    {
        if (_tree is not null) return _tree.ReadText(relativePath);
        var location = SourceLocation.WholeFile(relativePath);
        if (!IsInside(relativePath))
        {
            throw new VarTraceException(location, "the file resolves outside the checkout (through `..` or a symlink) and is not read");
        }

        var full = FullPath(relativePath);
        var info = new FileInfo(full);
        if (!info.Exists) throw new VarTraceException(location, "file not found");
        if (info.Length > MaxFileBytes)
        {
            throw new VarTraceException(location, $"file is {info.Length:N0} bytes, larger than the {MaxFileBytes:N0} bytes VarTrace reads");
        }

        try
        {
            return File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VarTraceException(location, $"cannot read the file: {e.Message}");
        }
    }

    private bool IsInside(string relativePath)
    {
        // Resolve symlinks on every existing prefix so a link that leaves the checkout is refused.
        var current = Root;
        foreach (var part in relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..") return false;
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (!info.Exists || info.LinkTarget is null) continue;
            FileSystemInfo? target;
            try
            {
                target = info.ResolveLinkTarget(returnFinalTarget: true);
            }
            catch (IOException)
            {
                return false; // a symlink loop
            }

            if (target is null) return false;
            var resolved = Path.GetFullPath(target.FullName);
            if (resolved != Root && !resolved.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return false;
        }

        return true;
    }
}
