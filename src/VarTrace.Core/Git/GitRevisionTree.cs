using System.Diagnostics;
using System.Globalization;
using System.Text;
using VarTrace.Core.Model;
using VarTrace.Core.Project;

namespace VarTrace.Core.Git;

/// <summary>
/// A checkout as a git revision holds it, read from the object database: the tree with
/// <c>git ls-tree -r -z -l --full-tree</c>, file contents through one <c>git cat-file --batch</c>
/// process. Symlinks and execute bits come from the tree's modes; nothing is checked out or written.
/// </summary>
public sealed class GitRevisionTree : IFileTree, IDisposable
{
    private const int MaxSymlinkHops = 40;
    private const string SymlinkMode = "120000";
    private const string ExecutableMode = "100755";
    private const string SubmoduleMode = "160000";

    private readonly string _workingDirectory;
    private readonly string _prefix;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _directories = new(StringComparer.Ordinal) { [string.Empty] = new(StringComparer.Ordinal) };
    private Process? _catFile;

    private GitRevisionTree(string workingDirectory, string prefix, string commit)
    {
        _workingDirectory = workingDirectory;
        _prefix = prefix;
        Commit = commit;
    }

    /// <summary>The project directory relative to the repository root (<c>""</c> at the root).</summary>
    public string ProjectPath => _prefix;

    /// <summary>The full commit id the tree was read from.</summary>
    public string Commit { get; }

    /// <summary>
    /// Reads the tree of <paramref name="revision"/> in the repository holding
    /// <paramref name="projectDirectory"/>, rooted at that directory.
    /// </summary>
    /// <exception cref="VarTraceException">Not a git repository, git is missing, or the revision is unknown.</exception>
    public static GitRevisionTree Open(string projectDirectory, string revision)
    {
        if (revision.Length == 0 || revision.StartsWith('-'))
        {
            throw new VarTraceException(null, $"`{revision}` is not a revision");
        }

        if (!Directory.Exists(projectDirectory))
        {
            throw new VarTraceException(null, $"project directory `{projectDirectory}` does not exist");
        }

        var prefix = GitProcess.RunText(projectDirectory, "rev-parse", "--show-prefix").TrimEnd('/');
        string commit;
        try
        {
            commit = GitProcess.RunText(projectDirectory, "rev-parse", "--verify", "--quiet", revision + "^{commit}");
        }
        catch (VarTraceException)
        {
            throw new VarTraceException(null, $"`{revision}` is not a commit of the repository at `{projectDirectory}`");
        }

        var tree = new GitRevisionTree(projectDirectory, prefix, commit);
        tree.ReadTree(GitProcess.Run(projectDirectory, "ls-tree", "-r", "-z", "-l", "--full-tree", commit));
        return tree;
    }

    /// <inheritdoc/>
    public bool FileExists(string path) => Resolve(path) is { Kind: Kind.File };

    /// <inheritdoc/>
    public bool DirectoryExists(string path) => Resolve(path) is { Kind: Kind.Directory };

    /// <inheritdoc/>
    public bool Exists(string path) => Resolve(path, followLast: false).Kind != Kind.Missing;

    /// <inheritdoc/>
    public bool IsSymlinkedDirectory(string path) =>
        Resolve(path, followLast: false).Kind == Kind.Symlink && Resolve(path, confined: false).Kind == Kind.Directory;

    /// <inheritdoc/>
    public bool IsExecutable(string path) => Resolve(path) is { Kind: Kind.File } found && _entries[found.RepositoryPath].Mode == ExecutableMode;

    /// <inheritdoc/>
    public IEnumerable<string> EntryNames(string directory) =>
        Resolve(directory) is { Kind: Kind.Directory } found ? _directories[found.RepositoryPath] : [];

    /// <inheritdoc/>
    public byte[] ReadBytes(string path, long maxBytes)
    {
        var location = SourceLocation.WholeFile(path);
        var found = Resolve(path);
        if (found.Kind == Kind.Outside)
        {
            // Worded and located as ProjectFiles words a refusal on the disk.
            throw found.RepositoryPath.Length == 0
                ? new VarTraceException(location, "the path leads outside the checkout (through `..`); VarTrace does not read it")
                : new VarTraceException(SourceLocation.WholeFile(ProjectRelative(found.RepositoryPath)), found.Refusal!);
        }

        if (found.Kind != Kind.File) throw new VarTraceException(location, "file not found");
        var entry = _entries[found.RepositoryPath];
        if (entry.Size > maxBytes)
        {
            throw new VarTraceException(location, $"the file is {entry.Size:N0} bytes, larger than the {maxBytes:N0} bytes VarTrace reads (InputLimits.MaxFileBytes)");
        }

        return ReadBlob(entry.ObjectId);
    }

    /// <summary>Stops the <c>cat-file</c> process.</summary>
    public void Dispose()
    {
        if (_catFile is null) return;
        try
        {
            _catFile.StandardInput.Close();
            if (!_catFile.WaitForExit(2000)) _catFile.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _catFile.Dispose();
        _catFile = null;
    }

    private void ReadTree(byte[] listing)
    {
        // Each record: "<mode> <type> <object> <size>\t<path>\0"; -z leaves paths unquoted.
        var text = Encoding.UTF8.GetString(listing);
        foreach (var record in text.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = record.IndexOf('\t');
            var fields = record[..tab].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var path = record[(tab + 1)..];
            var size = long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : 0;
            _entries[path] = new Entry(fields[0], fields[2], size);
            AddToParents(path);
            if (fields[0] == SubmoduleMode) _directories.TryAdd(path, new SortedSet<string>(StringComparer.Ordinal));
        }
    }

    private void AddToParents(string path)
    {
        var slash = path.LastIndexOf('/');
        var parent = slash < 0 ? string.Empty : path[..slash];
        var name = path[(slash + 1)..];
        if (_directories.TryGetValue(parent, out var names))
        {
            names.Add(name);
            return;
        }

        _directories[parent] = new SortedSet<string>(StringComparer.Ordinal) { name };
        AddToParents(parent);
    }

    /// <summary>
    /// Follows a project-relative path through the tree, resolving symlinks as the file system would;
    /// with <paramref name="confined"/> a path that leaves the project directory is <see cref="Kind.Outside"/>,
    /// without it only leaving the repository is.
    /// </summary>
    private Found Resolve(string path, bool followLast = true, bool confined = true)
    {
        var boundary = confined ? _prefix : string.Empty;
        var remaining = Split(path);

        // As on the disk, a `..` written in the path is refused; those inside symlink targets resolve.
        if (confined && remaining.Contains("..")) return new Found(Kind.Outside, string.Empty);
        var resolved = _prefix;
        var hops = 0;
        (string Link, string Target)? followed = null;
        var index = 0;
        while (index < remaining.Count)
        {
            var part = remaining[index];
            var isLast = index == remaining.Count - 1;
            index++;
            if (part == "..")
            {
                if (resolved == boundary) return Refused(followed);
                resolved = ProjectFiles.DirectoryOf(resolved);
                continue;
            }

            var candidate = resolved.Length == 0 ? part : $"{resolved}/{part}";
            if (_entries.TryGetValue(candidate, out var entry) && entry.Mode == SymlinkMode)
            {
                if (isLast && !followLast) return new Found(Kind.Symlink, candidate);
                var target = Encoding.UTF8.GetString(ReadBlob(entry.ObjectId));
                followed ??= (candidate, target);
                if (++hops > MaxSymlinkHops) return new Found(Kind.Outside, followed.Value.Link, "a symlink loop; VarTrace does not follow it");
                if (target.StartsWith('/')) return Refused(followed);
                remaining = [.. Split(target), .. remaining.Skip(index)];
                index = 0;
                continue;
            }

            if (_directories.ContainsKey(candidate))
            {
                resolved = candidate;
                continue;
            }

            return entry is not null && isLast ? new Found(Kind.File, candidate) : new Found(Kind.Missing, string.Empty);
        }

        return new Found(Kind.Directory, resolved);
    }

    /// <summary>Outside the checkout: through the first symlink followed, or through a `..` written in the path.</summary>
    private static Found Refused((string Link, string Target)? followed) =>
        followed is { } link
            ? new Found(Kind.Outside, link.Link, $"a symlink to `{link.Target}`, outside the checkout; VarTrace does not follow it")
            : new Found(Kind.Outside, string.Empty);

    private string ProjectRelative(string repositoryPath) =>
        _prefix.Length == 0 ? repositoryPath : repositoryPath[(_prefix.Length + 1)..];

    private static List<string> Split(string path) =>
        [.. path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(static p => p != ".")];

    private byte[] ReadBlob(string objectId)
    {
        _catFile ??= StartCatFile();
        var input = _catFile.StandardInput;
        input.Write(objectId + "\n");
        input.Flush();
        var output = _catFile.StandardOutput.BaseStream;
        var header = ReadLine(output).Split(' ');
        if (header.Length != 3 || !long.TryParse(header[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new VarTraceException(null, $"git cat-file could not read object {objectId} of commit {Commit}");
        }

        var content = new byte[size];
        output.ReadExactly(content);
        output.ReadExactly(new byte[1]); // the newline after the content
        return content;
    }

    private Process StartCatFile()
    {
        var process = GitProcess.Start(_workingDirectory, ["cat-file", "--batch"], redirectInput: true);
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static string ReadLine(Stream stream)
    {
        var bytes = new List<byte>();
        int next;
        while ((next = stream.ReadByte()) is not -1 and not '\n') bytes.Add((byte)next);
        return Encoding.UTF8.GetString([.. bytes]);
    }

    private enum Kind
    {
        Missing,
        Outside,
        File,
        Directory,
        Symlink,
    }

    private sealed record Entry(string Mode, string ObjectId, long Size);

    private readonly record struct Found(Kind Kind, string RepositoryPath, string? Refusal = null);
}
