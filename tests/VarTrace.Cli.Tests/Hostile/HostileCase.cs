using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;

namespace VarTrace.Cli.Tests.Hostile;

/// <summary>
/// One case of <c>fixtures/hostile/</c>: a small checkout, the command run on it (<c>case.yml</c>),
/// what cannot live in git (pipes, modes, symlinks, huge files) made at test time, and the recorded
/// outcome (<c>expected.txt</c>, or <c>expected.root.txt</c> where running as root changes it).
/// </summary>
internal sealed partial record HostileCase(string Name, string Directory, string About, ImmutableArray<string> Args, ImmutableArray<AnsibleDict> Setup, ImmutableArray<string> Absent)
{
    public static string CorpusDirectory => Path.Combine(CliRunner.RepositoryRoot, "fixtures", "hostile");

    public static bool RunningAsRoot => !OperatingSystem.IsWindows() && GetEffectiveUserId() == 0;

    public static HostileCase Load(string name)
    {
        var directory = Path.Combine(CorpusDirectory, name);
        var spec = (AnsibleDict)YamlLoader.Load(File.ReadAllText(Path.Combine(directory, "case.yml")), "case.yml").Documents[0].Value;
        return new HostileCase(
            name,
            directory,
            Text(spec, "about"),
            Strings(spec, "args"),
            [.. Items(spec, "setup").Cast<AnsibleDict>()],
            Strings(spec, "absent"));
    }

    /// <summary>The recorded outcome file that applies to this run.</summary>
    public string ExpectedPath
    {
        get
        {
            var asRoot = Path.Combine(Directory, "expected.root.txt");
            return RunningAsRoot && File.Exists(asRoot) ? asRoot : Path.Combine(Directory, "expected.txt");
        }
    }

    /// <summary>Copies the checkout into <paramref name="target"/> and makes what git cannot hold.</summary>
    public void Materialise(string target)
    {
        CopyDirectory(Directory, target);
        File.Delete(Path.Combine(target, "case.yml"));
        foreach (var path in System.IO.Directory.EnumerateFiles(target, "expected*.txt")) File.Delete(path);
        foreach (var step in Setup)
        {
            var (kind, path) = step.Entries.First() is var (k, v) ? (((AnsibleString)k).Value, Path.Combine(target, ((AnsibleString)v).Value)) : default;
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            switch (kind)
            {
                case "big":
                    WriteBigFile(path, megabytes: (int)((AnsibleInt)Get(step, "megabytes")).Value);
                    break;
                case "fifo":
                    if (MakeFifo(path, Convert.ToUInt32("644", 8)) != 0) throw new IOException($"mkfifo {path} failed");
                    break;
                case "chmod" when !OperatingSystem.IsWindows():
                    File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(Text(step, "mode"), 8));
                    break;
                case "symlink":
                    File.CreateSymbolicLink(path, Text(step, "target"));
                    break;
                case "huge-inventory":
                    WriteHugeInventory(path, hosts: (int)((AnsibleInt)Get(step, "hosts")).Value);
                    break;
                default:
                    throw new InvalidOperationException($"{Name}: unknown setup step `{kind}`");
            }
        }
    }

    public override string ToString() => Name;

    // A sparse file: the size limit must refuse it before a byte is read.
    private static void WriteBigFile(string path, int megabytes)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.Write("a: 1\n"u8);
        stream.SetLength(megabytes * 1024L * 1024L);
    }

    private static void WriteHugeInventory(string path, int hosts)
    {
        var text = new StringBuilder("h1\n[web]\n");
        for (var i = 0; i < hosts; i++) text.Append("node").Append(i).Append(" ansible_host=10.").Append(i >> 16).Append('.').Append((i >> 8) & 255).Append('.').Append(i & 255).Append('\n');
        File.WriteAllText(path, text.ToString());
    }

    private static void CopyDirectory(string source, string target)
    {
        System.IO.Directory.CreateDirectory(target);
        foreach (var file in System.IO.Directory.EnumerateFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        foreach (var directory in System.IO.Directory.EnumerateDirectories(source)) CopyDirectory(directory, Path.Combine(target, Path.GetFileName(directory)));
    }

    private static AnsibleValue Get(AnsibleDict dict, string key) =>
        dict.Entries.FirstOrDefault(e => e.Key is AnsibleString s && s.Value == key).Value
        ?? throw new InvalidOperationException($"case.yml: `{key}` missing");

    private static string Text(AnsibleDict dict, string key) => ((AnsibleString)Get(dict, key)).Value;

    private static ImmutableArray<AnsibleValue> Items(AnsibleDict dict, string key) =>
        dict.Entries.Any(e => e.Key is AnsibleString s && s.Value == key) ? ((AnsibleList)Get(dict, key)).Items : [];

    private static ImmutableArray<string> Strings(AnsibleDict dict, string key) => [.. Items(dict, key).Cast<AnsibleString>().Select(static s => s.Value)];

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MakeFifo(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
