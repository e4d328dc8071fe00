using System.Text.Json;
using System.Text.RegularExpressions;

namespace VarTrace.Cli.Tests;

/// <summary>
/// The README's <c>.vscode/tasks.json</c>, read from README.md itself: its "vartrace: check" task
/// run as VS Code runs it (its arguments, in the workspace folder) on fixtures/kubespray-mini, and
/// its problem matcher's regular expression applied to every line printed, must capture each
/// finding's file, line, column, severity, rule and message exactly as <c>check --format json</c>
/// reports them.
/// </summary>
public sealed partial class VsCodeTasksTests
{
    [Fact]
    public void CheckTask_ProblemMatcher_CapturesEveryFindingOfRealCheckOutput()
    {
        var task = ReadmeTask("vartrace: check");
        var matcher = task.GetProperty("problemMatcher");
        Assert.Equal(["relative", "${workspaceFolder}"], matcher.GetProperty("fileLocation").EnumerateArray().Select(static e => e.GetString()));
        var pattern = matcher.GetProperty("pattern");
        Assert.Equal("location", pattern.GetProperty("kind").GetString());

        // VS Code builds the pattern with JavaScript's `new RegExp(...)`: ECMAScript semantics for \d, \w and \s.
        var regex = new Regex(pattern.GetProperty("regexp").GetString()!, RegexOptions.ECMAScript);
        int Group(string name) => pattern.GetProperty(name).GetInt32();
        var arguments = task.GetProperty("args").EnumerateArray().Select(static a => a.GetString()!).ToArray();
        Assert.Equal("${workspaceFolder}", task.GetProperty("options").GetProperty("cwd").GetString());

        var (exitCode, output, error) = CliRunner.Run(CliRunner.KubesprayMini, arguments);
        var (_, json, _) = CliRunner.Run(CliRunner.KubesprayMini, [.. arguments.Select(static a => a == "msbuild" ? "json" : a)]);

        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, error);
        using var report = JsonDocument.Parse(json);
        var expected = report.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(static d => (
                File: d.GetProperty("file").GetString()!,
                Line: d.GetProperty("line").GetInt32(),
                Column: d.GetProperty("column").GetInt32(),
                Severity: d.GetProperty("severity").GetString()!,
                Code: d.GetProperty("ruleId").GetString()!,
                Message: d.GetProperty("message").GetString()!))
            .ToList();
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var captured = lines.Select(line =>
        {
            var match = regex.Match(line);
            Assert.True(match.Success, $"the problem matcher misses `{line}`");
            var location = match.Groups[Group("location")].Value.Split(',');
            return (
                File: match.Groups[Group("file")].Value,
                Line: int.Parse(location[0], System.Globalization.CultureInfo.InvariantCulture),
                Column: int.Parse(location[1], System.Globalization.CultureInfo.InvariantCulture),
                Severity: match.Groups[Group("severity")].Value,
                Code: match.Groups[Group("code")].Value,
                Message: match.Groups[Group("message")].Value);
        }).ToList();

        Assert.Equal(expected, captured);
        Assert.Contains(captured, static c => c.Severity == "warning" && c.Code == "VT1002" && c.File == "roles/network_plugin/calico/tasks/install.yml" && c.Line == 32 && c.Column == 31);
        Assert.Contains(captured, static c => c.Severity == "info");
        Assert.All(captured, static c => Assert.True(File.Exists(Path.Combine(CliRunner.KubesprayMini, c.File)), $"{c.File} is not relative to the workspace folder"));
    }

    /// <summary>
    /// "vartrace: explain line" run as VS Code runs it with the cursor on the IPPool's blockSize line
    /// and no selection: it explains both variables that line reads, with their real values.
    /// </summary>
    [Fact]
    public void ExplainLineTask_OnTheBlockSizeLine_ExplainsWhatTheLineReads()
    {
        var task = ReadmeTask("vartrace: explain line");
        Assert.Equal("${workspaceFolder}", task.GetProperty("options").GetProperty("cwd").GetString());
        var arguments = task.GetProperty("args").EnumerateArray()
            .Select(static a => a.GetString()!
                .Replace("${relativeFile}", "roles/network_plugin/calico/tasks/install.yml", StringComparison.Ordinal)
                .Replace("${lineNumber}", "32", StringComparison.Ordinal)
                .Replace("${input:host}", "node1", StringComparison.Ordinal))
            .ToArray();
        Assert.DoesNotContain(arguments, static a => a.Contains("${", StringComparison.Ordinal));

        var (exitCode, output, error) = CliRunner.Run(CliRunner.KubesprayMini, arguments);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        Assert.StartsWith("calico_pool_blocksize = 26  (int)\n", output);
        Assert.Contains("\n\nkube_network_node_prefix = 25  (int)\n", output);
    }

    /// <summary>The task labelled <paramref name="label"/> in the README's tasks.json block.</summary>
    private static JsonElement ReadmeTask(string label)
    {
        var readme = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        var block = JsonBlock().Matches(readme).Select(static m => m.Groups[1].Value).Single(static b => b.Contains("\"tasks\"", StringComparison.Ordinal));
        using var tasks = JsonDocument.Parse(block);
        return tasks.RootElement.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("label").GetString() == label).Clone();
    }

    [GeneratedRegex("^```json\n(.*?)^```$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex JsonBlock();
}
