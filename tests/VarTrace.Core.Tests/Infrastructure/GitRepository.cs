using System.Diagnostics;

namespace VarTrace.Tests.Infrastructure;

/// <summary>A throw-away git repository in a temp directory, for tests that read revisions.</summary>
internal sealed class GitRepository : IDisposable
{
    public GitRepository()
    {
        Directory.CreateDirectory(Root);
        Git("init", "-q", "-b", "main");
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "vartrace-tests", Guid.NewGuid().ToString("N"));

    public GitRepository With(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    /// <summary>Copies a directory tree into the repository.</summary>
    public GitRepository WithCopyOf(string sourceDirectory, string relativeTarget = "")
    {
        foreach (var file in Directory.EnumerateFiles(sourceDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Root, relativeTarget, Path.GetRelativePath(sourceDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return this;
    }

    public void Commit(string message)
    {
        Git("add", "-A");
        Git("-c", "user.name=VarTrace Tests", "-c", "user.email=tests@vartrace.invalid", "-c", "commit.gpgsign=false", "commit", "-q", "-m", message);
    }

    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {error.Result}");
        return output;
    }

    /// <summary>Every file under the root, <c>.git</c> included, with its size and write time.</summary>
    public IReadOnlyList<string> Snapshot() =>
        [.. Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(static p => File.Exists(p) ? $"{p} {new FileInfo(p).Length} {File.GetLastWriteTimeUtc(p):O}" : $"{p}/ {Directory.GetLastWriteTimeUtc(p):O}")];

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)) File.SetAttributes(file, FileAttributes.Normal);
        Directory.Delete(Root, recursive: true);
    }
}
