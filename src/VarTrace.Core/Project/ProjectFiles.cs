using System.Collections.Concurrent;
using System.Text;
using VarTrace.Core.Model;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Project;

/// <summary>
/// Read access to the checkout, confined to its root: every path handed out is project-relative
/// with <c>/</c> separators, and nothing outside the root (through <c>..</c> or a symlink) is read.
/// Only regular files are opened (never a pipe or a device), within <see cref="InputLimits"/>.
/// The files come from the disk, or from an <see cref="IFileTree"/> such as a git revision.
/// </summary>
public sealed class ProjectFiles
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly List<LoadDiagnostic>? _diagnostics;
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly IFileTree? _tree;

    // The checkout on disk is taken as it is when first looked at: the thousands of hosts of one run
    // probe the same group_vars/host_vars candidates and directory prefixes, so each answer is cached.
    private readonly ConcurrentDictionary<string, bool> _fileExists = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _directoryExists = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HashSet<string>?> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Path, string Message)?> _linkRefusals = new(StringComparer.Ordinal);

    // A file is parsed once per run, whoever asks: the loaders, the task walker and check's scanner
    // all read the same vars and task files.
    private readonly ConcurrentDictionary<string, (string Text, YamlFile Yaml)> _parsed = new(StringComparer.Ordinal);

    /// <summary>Opens the checkout at <paramref name="root"/>.</summary>
    /// <param name="root">The checkout's directory.</param>
    /// <param name="limits">What may be read (default <see cref="InputLimits.Default"/>).</param>
    /// <param name="diagnostics">Where paths that exist but are refused (symlinks leaving the checkout, loops) are reported.</param>
    public ProjectFiles(string root, InputLimits? limits = null, List<LoadDiagnostic>? diagnostics = null)
    {
        if (!Directory.Exists(root))
        {
            throw new VarTraceException(null, $"project directory `{root}` does not exist");
        }

        Root = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        Limits = limits ?? InputLimits.Default;
        _diagnostics = diagnostics;
    }

    /// <summary>
    /// Opens the checkout at <paramref name="root"/> as <paramref name="tree"/> holds it; the root
    /// only anchors absolute paths (<c>playbook_dir</c>, <c>-i</c> arguments) and need not hold these files.
    /// </summary>
    public ProjectFiles(string root, IFileTree tree, InputLimits? limits = null, List<LoadDiagnostic>? diagnostics = null)
    {
        Root = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        Limits = limits ?? InputLimits.Default;
        _diagnostics = diagnostics;
        _tree = tree;
    }

    /// <summary>The absolute path of the checkout.</summary>
    public string Root { get; }

    /// <summary>What may be read.</summary>
    public InputLimits Limits { get; }

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

    /// <summary>True when a file exists there, inside the checkout. A symlink that leaves the checkout or loops is reported.</summary>
    public bool FileExists(string relativePath) =>
        _tree?.FileExists(relativePath) ?? _fileExists.GetOrAdd(relativePath, static (path, files) => files.MayExist(path) && files.IsReadable(path) && File.Exists(files.FullPath(path)), this);

    /// <summary>True when a directory exists there, inside the checkout. A symlink that leaves the checkout or loops is reported.</summary>
    public bool DirectoryExists(string relativePath) =>
        _tree?.DirectoryExists(relativePath) ?? _directoryExists.GetOrAdd(relativePath, static (path, files) => files.MayExist(path) && files.IsReadable(path) && Directory.Exists(files.FullPath(path)), this);

    /// <summary>
    /// False when the directory holding the path has no entry of that name. Vars lookups try up to
    /// eight candidate names per group and host, and for thousands of hosts most do not exist:
    /// one listing per directory answers them instead of a path walk and a stat each. The listing
    /// ignores case, so on any file system it only ever rules out names that are surely absent.
    /// </summary>
    private bool MayExist(string relativePath)
    {
        if (relativePath.Contains("..", StringComparison.Ordinal)) return true;
        var slash = relativePath.LastIndexOf('/');
        var name = relativePath[(slash + 1)..];
        if (name is "" or ".") return true;
        var entries = _entries.GetOrAdd(slash < 0 ? string.Empty : relativePath[..slash], static (path, files) => files.EntriesOf(path), this);
        return entries is null || entries.Contains(name);
    }

    /// <summary>The names in a directory (none when it does not exist); null when it is refused or cannot be listed, so the full check decides and reports.</summary>
    private HashSet<string>? EntriesOf(string relativeDirectory)
    {
        if (Refusal(relativeDirectory) is not null) return null;
        var full = FullPath(relativeDirectory);
        try
        {
            return Directory.Exists(full) ? new HashSet<string>(EntryNames(full), StringComparer.OrdinalIgnoreCase) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<string> EntryNames(string fullDirectory) =>
        Directory.EnumerateFileSystemEntries(fullDirectory).Select(Path.GetFileName).OfType<string>();

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

    /// <summary>True when the project-relative path climbs out of the checkout with <c>..</c>.</summary>
    public static bool LeavesCheckout(string relativePath) => relativePath == ".." || relativePath.StartsWith("../", StringComparison.Ordinal);

    /// <summary>
    /// Entries of a directory as project-relative paths, sorted the way Python's <c>sorted()</c>
    /// sorts names (ordinal), which is the order Ansible reads them in.
    /// </summary>
    public IReadOnlyList<string> List(string relativeDirectory)
    {
        if (!DirectoryExists(relativeDirectory)) return [];
        IEnumerable<string> names;
        if (_tree is not null)
        {
            names = _tree.EntryNames(relativeDirectory);
        }
        else
        {
            var listed = EntryNames(FullPath(relativeDirectory)).ToList();

            // The existence checks of the entries (the scanner's walk) need no second listing.
            if (Refusal(relativeDirectory) is null) _entries.TryAdd(relativeDirectory, new HashSet<string>(listed, StringComparer.OrdinalIgnoreCase));
            names = listed;
        }

        return names
            .Order(StringComparer.Ordinal)
            .Select(name => Combine(relativeDirectory, name))
            .ToList();
    }

    /// <summary>
    /// Reads a UTF-8 text file of the checkout (a UTF-8 byte-order mark is dropped). Ansible decodes
    /// files strictly, so bytes that are not UTF-8 are an error at their line and column.
    /// </summary>
    /// <exception cref="VarTraceException">The file is missing, outside the checkout, not a regular file, too large, unreadable or not UTF-8.</exception>
    public string ReadText(string relativePath)
    {
        // The scanner, the loaders and the check's report (quoting lines) read the same files.
        if (_texts.TryGetValue(relativePath, out var text)) return text;
        text = Decode(ReadBytes(relativePath), relativePath, lenient: false);
        _texts.TryAdd(relativePath, text);
        return text;
    }

    /// <summary>
    /// Reads a text file the way Ansible's INI inventory plugin does: bytes that are not UTF-8 do
    /// not stop it (Python's <c>surrogateescape</c>); here they become U+FFFD and are reported once.
    /// </summary>
    /// <exception cref="VarTraceException">The file is missing, outside the checkout, not a regular file, too large or unreadable.</exception>
    public string ReadTextLeniently(string relativePath) => Decode(ReadBytes(relativePath), relativePath, lenient: true);

    /// <summary>Reads and parses a data file (JSON or YAML, <see cref="AnsibleDataLoader"/>); what Ansible only warns about is reported.</summary>
    /// <exception cref="VarTraceException">The file cannot be read, is vault-encrypted, is not valid JSON or YAML, or is beyond the limits.</exception>
    public YamlFile LoadData(string relativePath)
    {
        var text = ReadText(relativePath);
        if (IsVaultEncrypted(text))
        {
            throw new VarTraceException(new SourceLocation(relativePath, 1, 1), "the file is encrypted with ansible-vault; VarTrace never decrypts");
        }

        return ParseData(text, relativePath);
    }

    /// <summary>Parses the text of a data file within the limits; what Ansible only warns about is reported.</summary>
    /// <exception cref="VarTraceException">The text is not valid JSON or YAML, or is beyond the limits.</exception>
    public YamlFile ParseData(string text, string relativePath)
    {
        var yaml = Parse(text, relativePath);
        WarnDuplicateKeys(yaml);
        return yaml;
    }

    /// <summary>
    /// Parses the text of a data file within the limits, once per path and text (thread-safe);
    /// unlike <see cref="ParseData"/> it reports nothing.
    /// </summary>
    /// <exception cref="VarTraceException">The text is not valid JSON or YAML, or is beyond the limits.</exception>
    public YamlFile Parse(string text, string relativePath)
    {
        if (_parsed.TryGetValue(relativePath, out var parsed) && string.Equals(parsed.Text, text, StringComparison.Ordinal)) return parsed.Yaml;
        var yaml = AnsibleDataLoader.Load(text, relativePath, Limits);
        _parsed[relativePath] = (text, yaml);
        return yaml;
    }

    /// <summary>Reports the duplicate keys of a loaded file, as Ansible warns about them (DUPLICATE_YAML_DICT_KEY=warn).</summary>
    public void WarnDuplicateKeys(YamlFile yaml)
    {
        foreach (var duplicate in yaml.DuplicateKeys)
        {
            Warn(new LoadDiagnostic(
                duplicate.Location,
                duplicate.InvolvesMerge
                    ? $"key `{duplicate.Key}` occurs twice once `<<` is merged (before at line {duplicate.First.Line}, column {duplicate.First.Column}); Ansible warns about a duplicate dict key and uses the last value after merging"
                    : $"duplicate key `{duplicate.Key}` (first at line {duplicate.First.Line}, column {duplicate.First.Column}); Ansible uses the last value only"));
        }
    }

    /// <summary>True for a whole file encrypted with ansible-vault (<c>$ANSIBLE_VAULT;1.1;AES256</c> ...).</summary>
    public static bool IsVaultEncrypted(string text) => text.StartsWith("$ANSIBLE_VAULT", StringComparison.Ordinal);

    /// <summary>Reports a problem that does not block the answer (once, however often it is found).</summary>
    public void Warn(LoadDiagnostic diagnostic)
    {
        if (_diagnostics is not null && _reported.Add(diagnostic.ToString())) _diagnostics.Add(diagnostic);
    }

    private byte[] ReadBytes(string relativePath)
    {
        var location = SourceLocation.WholeFile(relativePath);
        if (_tree is not null) return _tree.ReadBytes(relativePath, Limits.MaxFileBytes);
        if (Refusal(relativePath) is { } refusal) throw new VarTraceException(SourceLocation.WholeFile(refusal.Path), refusal.Message);
        var full = FullPath(relativePath);
        var info = new FileInfo(full);
        if (!info.Exists) throw new VarTraceException(location, "file not found");
        if (info.LinkTarget is { } target && info.ResolveLinkTarget(returnFinalTarget: true) is { Exists: false })
        {
            throw new VarTraceException(location, $"the symlink points to `{target}`, which does not exist");
        }

        if (FileKind.DescribeIrregular(full) is { } kind)
        {
            throw new VarTraceException(location, $"the file is {kind}, not a regular file; VarTrace does not read it");
        }

        if (info.Length > Limits.MaxFileBytes)
        {
            throw new VarTraceException(location, $"the file is {info.Length:N0} bytes, larger than the {Limits.MaxFileBytes:N0} bytes VarTrace reads (InputLimits.MaxFileBytes)");
        }

        // A pipe or device the kernel could not be asked about reports no size: never open it.
        if (info.Length == 0) return [];
        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            var buffer = new byte[info.Length];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return read == buffer.Length ? buffer : buffer[..read];
        }
        catch (UnauthorizedAccessException)
        {
            throw new VarTraceException(location, "permission denied: the file cannot be read");
        }
        catch (IOException e)
        {
            throw new VarTraceException(location, $"the file cannot be read ({e.GetType().Name})");
        }
    }

    private string Decode(byte[] bytes, string relativePath, bool lenient)
    {
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            throw new VarTraceException(new SourceLocation(relativePath, 1, 1), "the file is UTF-16 (it starts with a UTF-16 byte-order mark); Ansible reads UTF-8 only");
        }

        var start = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            var at = LocateByte(bytes, relativePath, start + e.Index);
            var culprit = string.Join(" ", (e.BytesUnknown ?? []).Select(static b => $"0x{b:X2}"));
            var message = $"the file is not valid UTF-8: the bytes {culprit} here are not a UTF-8 character";
            if (!lenient) throw new VarTraceException(at, message + "; Ansible reads UTF-8 only");
            Warn(new LoadDiagnostic(at, message + "; they are read as U+FFFD"));
            return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
        }
    }

    /// <summary>The line and column (in characters) of a byte offset.</summary>
    private static SourceLocation LocateByte(byte[] bytes, string relativePath, int index)
    {
        index = Math.Clamp(index, 0, bytes.Length);
        var line = 1;
        var column = 1;
        for (var i = 0; i < index; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else if ((bytes[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return new SourceLocation(relativePath, line, column);
    }

    private bool IsReadable(string relativePath)
    {
        if (Refusal(relativePath) is not { } refusal) return true;
        if (!LeavesCheckout(relativePath)) Warn(new LoadDiagnostic(SourceLocation.WholeFile(refusal.Path), refusal.Message));
        return false;
    }

    /// <summary>Why a path is not read (it climbs out with <c>..</c>, or a symlink on its way leaves the checkout or loops) and where, or null.</summary>
    private (string Path, string Message)? Refusal(string relativePath)
    {
        // Resolve symlinks on every existing prefix so a link that leaves the checkout is refused.
        var current = Root;
        foreach (var part in relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..") return (relativePath, "the path leads outside the checkout (through `..`); VarTrace does not read it");
            current = Path.Combine(current, part);
            if (_linkRefusals.GetOrAdd(current, static (path, files) => files.LinkRefusal(path), this) is { } refusal) return refusal;
        }

        return null;
    }

    /// <summary>Why the symlink at <paramref name="fullPath"/> is not followed (it loops or leaves the checkout), or null.</summary>
    private (string Path, string Message)? LinkRefusal(string fullPath)
    {
        FileSystemInfo info = Directory.Exists(fullPath) ? new DirectoryInfo(fullPath) : new FileInfo(fullPath);
        if (info.LinkTarget is not { } linkTarget) return null;
        var link = Path.GetRelativePath(Root, fullPath).Replace(Path.DirectorySeparatorChar, '/');
        FileSystemInfo? target;
        try
        {
            target = info.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException)
        {
            return (link, "a symlink loop; VarTrace does not follow it");
        }

        if (target is null) return null;
        var resolved = Path.GetFullPath(target.FullName);
        if (resolved == Root || resolved.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return null;
        return (link, $"a symlink to `{linkTarget}`, outside the checkout; VarTrace does not follow it");
    }
}
