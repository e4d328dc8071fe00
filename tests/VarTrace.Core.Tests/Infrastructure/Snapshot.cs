namespace VarTrace.Tests.Infrastructure;

/// <summary>
/// Golden files: compares text with <c>name.snap</c> beside the owning tests. On a mismatch it writes
/// <c>name.received.snap</c> (gitignored); <c>VARTRACE_ACCEPT=1 dotnet test</c> accepts the new text.
/// </summary>
internal static class Snapshot
{
    public static void Match(string directory, string name, string actual)
    {
        var folder = Path.Combine(RepositoryPaths.Root, directory);
        var expectedPath = Path.Combine(folder, name + ".snap");
        var receivedPath = Path.Combine(folder, name + ".received.snap");
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("VARTRACE_ACCEPT") == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(expectedPath, actual);
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        var expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail(expected is null
            ? $"no snapshot {expectedPath}; review {receivedPath} and accept with VARTRACE_ACCEPT=1"
            : $"snapshot {expectedPath} differs; see {receivedPath} (accept with VARTRACE_ACCEPT=1)");
    }
}
