using System.Runtime.CompilerServices;

namespace VarTrace.Cli.Tests.Infrastructure;

/// <summary>
/// Compares output with a file under <c>Golden/</c> next to the tests. <c>VARTRACE_ACCEPT=1 dotnet test</c>
/// writes the actual output instead, for review in the diff.
/// </summary>
internal static class GoldenFile
{
    public static void AssertMatches(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, "Golden", name);
        if (Environment.GetEnvironmentVariable("VARTRACE_ACCEPT") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"no golden file {path}; run with VARTRACE_ACCEPT=1 to create it");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));
    }
}
