namespace VarTrace.Benchmarks;

/// <summary>
/// Finds the checkout from the benchmark binaries. BenchmarkDotNet runs each benchmark in a child
/// process built under this project's bin folder, so walking up to <c>VarTrace.sln</c> works there too.
/// </summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(Root, "fixtures");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "VarTrace.sln"))) return directory.FullName;
            }
        }

        throw new InvalidOperationException("VarTrace.sln not found above the benchmark binaries or the current directory");
    }
}
