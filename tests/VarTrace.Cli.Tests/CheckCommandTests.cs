namespace VarTrace.Cli.Tests;

public sealed class CheckCommandTests : IDisposable
{
    private readonly string _project = Path.Combine(Path.GetTempPath(), "vartrace-cli-check", Guid.NewGuid().ToString("N"));

    public CheckCommandTests()
    {
        Write("ansible.cfg", "[defaults]\ninventory = hosts.yml\n");
        Write("hosts.yml", "all:\n  hosts:\n    web1:\n");
        Write("site.yml", "- hosts: all\n  roles: [web]\n");
        Write("roles/web/vars/main.yml", "http_port: 80\n");
        Write("roles/web/tasks/main.yml", "- ansible.builtin.debug:\n    msg: \"{{ http_port }}\"\n");
        Write("group_vars/all.yml", "http_port: 8080\n");
    }

    public void Dispose() => Directory.Delete(_project, recursive: true);

    [Fact]
    public void KubesprayMini_ExitsOneAndReportsTheBlockSizeFallback()
    {
        var (exitCode, output, _) = CliRunner.Run(CliRunner.KubesprayMini, "check", "-i", "inventory/mycluster/hosts.yaml");

        Assert.Equal(1, exitCode);
        Assert.Contains("warning[VT1002]: the fallback `kube_network_node_prefix` is never used", output);
        Assert.Contains("  --> roles/network_plugin/calico/tasks/install.yml:32:31", output);
    }

    [Fact]
    public void FailOnError_WithOnlyWarnings_ExitsZero()
    {
        var (exitCode, output, _) = CliRunner.Run(_project, "check", "--fail-on", "error", "--format", "msbuild");

        Assert.Equal(0, exitCode);
        Assert.Equal("group_vars/all.yml(1,1): warning VT1001: `http_port` set in group_vars/all.yml never takes effect: role vars (role `web` vars) at roles/web/vars/main.yml:1:1 replaces it for every host and context it applies to\n", output);
    }

    [Fact]
    public void InlineComment_SuppressesTheFinding()
    {
        Write("group_vars/all.yml", "http_port: 8080  # vartrace: disable=VT1001\n");

        var (exitCode, output, _) = CliRunner.Run(_project, "check");

        Assert.Equal(0, exitCode);
        Assert.Equal("no findings (1 suppressed)\n", output);
    }

    [Fact]
    public void ConfigFile_DisablesRulesAndOverridesSeverities()
    {
        Write(".vartrace.yml", "disable: [VT1001]\n");
        Assert.Equal(0, CliRunner.Run(_project, "check").ExitCode);

        Write(".vartrace.yml", "severity:\n  VT1001: error\n");
        var (exitCode, output, _) = CliRunner.Run(_project, "check", "--format", "msbuild");
        Assert.Equal(1, exitCode);
        Assert.StartsWith("group_vars/all.yml(1,1): error VT1001:", output);
    }

    [Fact]
    public void ConfigFile_WithAnUnknownRule_ExitsTwo()
    {
        Write(".vartrace.yml", "disable: [VT9999]\n");

        var (exitCode, _, error) = CliRunner.Run(_project, "check");

        Assert.Equal(2, exitCode);
        Assert.Equal("error: .vartrace.yml:1:10: unknown rule `VT9999` in `.vartrace.yml` (run `vartrace rules` for the list)\n", error);
    }

    [Fact]
    public void Baseline_HidesRecordedFindingsAndShowsNewOnes()
    {
        Assert.Equal(0, CliRunner.Run(_project, "check", "--write-baseline", "baseline.json").ExitCode);
        Assert.Equal(0, CliRunner.Run(_project, "check", "--baseline", "baseline.json").ExitCode);

        Write("group_vars/web.yml", "listen: {{ http_port }}\n");
        Write("hosts.yml", "all:\n  children:\n    web:\n      hosts:\n        web1:\n");
        var (exitCode, output, _) = CliRunner.Run(_project, "check", "--baseline", "baseline.json", "--format", "msbuild");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("group_vars/web.yml(1,9): error VT0003:", output);
        Assert.DoesNotContain("VT1001", output);
    }

    [Fact]
    public void MissingInventory_ExitsTwo()
    {
        File.Delete(Path.Combine(_project, "ansible.cfg"));

        var (exitCode, _, error) = CliRunner.Run(_project, "check");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: no inventory given", error);
    }

    [Fact]
    public void Rules_WithAnId_PrintsThePage()
    {
        var (exitCode, output, _) = CliRunner.Run(_project, "rules", "VT1002");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("# VT1002: unreachable-default-fallback\n", output);
        Assert.Contains("## Use instead", output);
    }

    [Fact]
    public void Rules_WithoutAnId_ListsEveryRule()
    {
        var (exitCode, output, _) = CliRunner.Run(_project, "rules");

        Assert.Equal(0, exitCode);
        Assert.Equal(VarTrace.Core.Checks.RuleRegistry.All.Length, output.TrimEnd('\n').Split('\n').Length);
        Assert.Contains("VT1002  unreachable-default-fallback", output);
    }

    [Fact]
    public void Rules_WithAnUnknownId_ExitsTwo() =>
        Assert.Equal(2, CliRunner.Run(_project, "rules", "VT9999").ExitCode);

    private void Write(string relativePath, string content)
    {
        var path = Path.Combine(_project, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
