using System.CommandLine;
using VarTrace.Core.Checks;
using VarTrace.Core.Model;
using VarTrace.Core.Output.Diagnostics;
using VarTrace.Core.Project;

namespace VarTrace.Cli.Commands;

/// <summary><c>vartrace check</c>: runs every rule over a checkout and reports the findings.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error, string currentDirectory)
    {
        var project = new Option<string>("--project") { Description = "The checkout's root directory (default: the current directory).", DefaultValueFactory = static _ => "." };
        var inventory = new Option<string[]>("--inventory", "-i") { Description = "An inventory file or directory; repeatable (default: `.vartrace.yml`, then ansible.cfg)." };
        var playbook = new Option<string?>("--playbook") { Description = "The playbook (default: `.vartrace.yml`, then site.yml, cluster.yml or playbook.yml)." };
        var format = new Option<DiagnosticFormat>("--format") { Description = "text, json, sarif, markdown, msbuild, github or gitlab.", DefaultValueFactory = static _ => DiagnosticFormat.Text };
        var failOn = new Option<string>("--fail-on") { Description = "Exit 1 when a finding is at least this severe: error, warning or info.", DefaultValueFactory = static _ => "warning" };
        var baseline = new Option<string?>("--baseline") { Description = "Hide the findings recorded in this baseline file." };
        var writeBaseline = new Option<string?>("--write-baseline") { Description = "Record every current finding in this baseline file and exit 0." };
        var command = new Command("check", "Find values that never take effect, unreachable default() fallbacks, unused and undefined variables, and broken files.")
        {
            project, inventory, playbook, format, failOn, baseline, writeBaseline,
        };
        command.SetAction(result =>
        {
            if (SeverityNames.Parse(result.GetValue(failOn)!) is not { } threshold || threshold == Severity.Off)
            {
                error.WriteLine("error: --fail-on takes error, warning or info");
                return ExitCodes.UsageOrInputError;
            }

            try
            {
                var projectDirectory = Path.GetFullPath(result.GetValue(project) ?? ".", currentDirectory);
                var workspace = new WorkspaceOptions(projectDirectory, result.GetValue(inventory) ?? [], result.GetValue(playbook), [], currentDirectory);
                var baselinePath = result.GetValue(baseline);
                var options = new CheckOptions(
                    workspace,
                    CheckConfig.Load(projectDirectory),
                    Baseline: baselinePath is null ? null : Baseline.Load(Path.GetFullPath(baselinePath, currentDirectory)));
                var checkResult = CheckEngine.Run(options);
                if (result.GetValue(writeBaseline) is { } target)
                {
                    using var file = new StreamWriter(Path.GetFullPath(target, currentDirectory));
                    Baseline.Write(file, checkResult.Baselined.Concat(checkResult.Diagnostics).Order(Comparer<Diagnostic>.Create(Diagnostic.Compare)));
                    error.WriteLine($"wrote {checkResult.Baselined.Length + checkResult.Diagnostics.Length} finding(s) to {target}");
                    return ExitCodes.Answered;
                }

                var colour = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
                DiagnosticFormatters.For(result.GetValue(format), colour).Write(output, checkResult);
                return checkResult.Diagnostics.Any(d => d.Severity >= threshold) ? ExitCodes.Findings : ExitCodes.Answered;
            }
            catch (VarTraceException e)
            {
                error.WriteLine($"error: {e.OneLine}");
                return ExitCodes.UsageOrInputError;
            }
        });
        return command;
    }
}
