using System.Text;

namespace VarTrace.Cli.Tests.Hostile;

/// <summary>
/// The hostile-input corpus (<c>fixtures/hostile/</c>): every case ends, in time, with its recorded
/// exit code and exact diagnostics, never a stack trace, and nothing it names as a marker is ever
/// created. <c>VARTRACE_ACCEPT=1</c> records the outcome of every case instead (review the diff).
/// </summary>
public sealed class HostileCorpusTests
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Cases() =>
        [.. Directory.EnumerateDirectories(HostileCase.CorpusDirectory).Select(static d => Path.GetFileName(d)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Corpus_HasAtLeastSixtyCases() => Assert.True(Cases().Count >= 60);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Case_EndsWithItsRecordedDiagnostics(string name)
    {
        var hostileCase = HostileCase.Load(name);
        var project = Path.Combine(Path.GetTempPath(), "vartrace-hostile", Guid.NewGuid().ToString("N"));
        foreach (var marker in hostileCase.Absent) File.Delete(marker);
        try
        {
            hostileCase.Materialise(project);
            var run = Task.Run(() => CliRunner.Run(project, [.. hostileCase.Args]));
            var finished = await Task.WhenAny(run, Task.Delay(TimeLimit));
            Assert.True(finished == run, $"{name} did not finish within {TimeLimit.TotalSeconds} s");
            var result = await run;
            var actual = Describe(result, project);

            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
            foreach (var marker in hostileCase.Absent) Assert.False(File.Exists(marker), $"{name}: `{marker}` was created: something ran");
            if (Environment.GetEnvironmentVariable("VARTRACE_ACCEPT") == "1") File.WriteAllText(hostileCase.ExpectedPath, actual);
            Assert.Equal(File.ReadAllText(hostileCase.ExpectedPath), actual);
        }
        finally
        {
            if (Directory.Exists(project)) Directory.Delete(project, recursive: true);
        }
    }

    /// <summary>The outcome as recorded: exit code, all of stderr, and the first lines of stdout.</summary>
    private static string Describe((int ExitCode, string Output, string Error) result, string project)
    {
        const int OutputLines = 3;
        var output = result.Output.Split('\n').Take(OutputLines);
        var text = new StringBuilder()
            .Append("exit ").Append(result.ExitCode).Append('\n')
            .Append("--- stderr\n").Append(result.Error)
            .Append($"--- stdout (first {OutputLines} lines)\n").AppendJoin('\n', output).Append('\n')
            .ToString();
        return text.Replace(project, "{project}", StringComparison.Ordinal);
    }
}
