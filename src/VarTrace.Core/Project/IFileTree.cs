namespace VarTrace.Core.Project;

/// <summary>
/// The files of one state of a checkout other than the disk's, such as a git revision. Paths are
/// normalised project-relative paths (<c>""</c> is the root, <c>/</c> separates). Like
/// <see cref="ProjectFiles"/> on the disk, a tree resolves symlinks and never reads outside its root.
/// </summary>
public interface IFileTree
{
    /// <summary>True when a regular file is there (after symlinks), inside the root.</summary>
    bool FileExists(string path);

    /// <summary>True when a directory is there (after symlinks), inside the root.</summary>
    bool DirectoryExists(string path);

    /// <summary>True when anything is there, even a symlink that leads outside the root.</summary>
    bool Exists(string path);

    /// <summary>True when the path is a symlink whose target is a directory.</summary>
    bool IsSymlinkedDirectory(string path);

    /// <summary>True when the file has an execute bit.</summary>
    bool IsExecutable(string path);

    /// <summary>The names in a directory, in no particular order.</summary>
    IEnumerable<string> EntryNames(string directory);

    /// <summary>Reads a file's bytes (the caller decodes them).</summary>
    /// <exception cref="Model.VarTraceException">The file is missing, outside the root, larger than <paramref name="maxBytes"/>, or not a regular file.</exception>
    byte[] ReadBytes(string path, long maxBytes);
}
