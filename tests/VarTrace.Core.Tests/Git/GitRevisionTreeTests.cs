using VarTrace.Core.Git;
using VarTrace.Core.Model;
using VarTrace.Core.Project;
using VarTrace.Tests.Infrastructure;

namespace VarTrace.Core.Tests.Git;

/// <summary>
/// A revision read from git answers every question about the checkout exactly as the same files
/// on the disk do: symlinks inside and outside the project, loops, execute bits, listings.
/// </summary>
public sealed class GitRevisionTreeTests : IDisposable
{
    private static readonly string[] Paths =
    [
        "", "a.yml", "dir", "dir/b.yml", "dir/sub", "dir/sub/c.yml", "link_file", "link_dir", "link_dir/b.yml",
        "link_dir/sub/c.yml", "out_link", "out_dir_link", "abs_link", "loop1", "script.sh", "missing", "dir/missing",
        "a.yml/x", "../outside.yml", "link_dir/../a.yml",
    ];

    private readonly GitRepository _repository = new();

    public GitRevisionTreeTests()
    {
        _repository
            .With("outside.yml", "secret: 1\n")
            .With("elsewhere/e.yml", "e: 1\n")
            .With("proj/a.yml", "a: 1\n")
            .With("proj/dir/b.yml", "b: 1\n")
            .With("proj/dir/sub/c.yml", "c: 1\n")
            .With("proj/script.sh", "echo hi\n");
        var project = Path.Combine(_repository.Root, "proj");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(project, "script.sh"), (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(project, "link_file"), "dir/b.yml");
        File.CreateSymbolicLink(Path.Combine(project, "link_dir"), "dir");
        File.CreateSymbolicLink(Path.Combine(project, "out_link"), "../outside.yml");
        File.CreateSymbolicLink(Path.Combine(project, "out_dir_link"), "../elsewhere");
        File.CreateSymbolicLink(Path.Combine(project, "abs_link"), Path.Combine(_repository.Root, "outside.yml"));
        File.CreateSymbolicLink(Path.Combine(project, "loop1"), "loop2");
        File.CreateSymbolicLink(Path.Combine(project, "loop2"), "loop1");
        _repository.Commit("files and links");
    }

    [Fact]
    public void EveryAnswer_MatchesTheSameFilesOnDisk()
    {
        var project = Path.Combine(_repository.Root, "proj");
        using var tree = GitRevisionTree.Open(project, "HEAD");
        var disk = new ProjectFiles(project);
        var git = new ProjectFiles(project, tree);

        foreach (var path in Paths)
        {
            Assert.Equal(Describe(disk, path), Describe(git, path));
        }
    }

    [Fact]
    public void WorkingTreeChanges_AreNotSeen()
    {
        var project = Path.Combine(_repository.Root, "proj");
        File.WriteAllText(Path.Combine(project, "a.yml"), "a: 2\n");
        File.WriteAllText(Path.Combine(project, "new.yml"), "n: 1\n");
        using var tree = GitRevisionTree.Open(project, "HEAD");
        var git = new ProjectFiles(project, tree);

        Assert.Equal("a: 1\n", git.ReadText("a.yml"));
        Assert.False(git.FileExists("new.yml"));
    }

    [Fact]
    public void UnknownRevision_IsAnError()
    {
        var error = Assert.Throws<VarTraceException>(() => GitRevisionTree.Open(Path.Combine(_repository.Root, "proj"), "no-such-branch"));

        Assert.Contains("`no-such-branch` is not a commit", error.Message);
    }

    public void Dispose() => _repository.Dispose();

    private static string Describe(ProjectFiles files, string path)
    {
        string content;
        try
        {
            content = files.ReadText(path);
        }
        catch (VarTraceException e)
        {
            content = "error: " + e.Message;
        }

        var isFile = files.FileExists(path);
        return $"{path}: file={isFile} dir={files.DirectoryExists(path)} exists={files.Exists(path)} linkedDir={files.IsSymlinkedDirectory(path)} "
            + $"exec={isFile && files.IsExecutable(path)} list=[{string.Join(",", files.List(path))}] read={content}";
    }
}
