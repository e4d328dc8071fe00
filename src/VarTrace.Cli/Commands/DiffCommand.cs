using System.CommandLine;
using VarTrace.Core.Diff;
using VarTrace.Core.Model;
using VarTrace.Core.Output.Diff;
using VarTrace.Core.Project;

namespace VarTrace.Cli.Commands;

/// <summary>
/// <c>vartrace diff --base REV</c>: what a change does to the effective values of every host,
/// reading both revisions from git without touching the working tree.
/// </summary>
internal static class DiffCommand
{
    public static Command Create(TextWriter output, TextWriter error, string currentDirectory)
    {
        var baseRevision = new Option<string>("--base") { Description = "The revision to compare against, e.g. origin/main.", Required = true };
        var headRevision = new Option<string?>("--head") { Description = "The revision to compare (default: the working tree, uncommitted changes included)." };
        var project = new Option<string>("--project") { Description = "The checkout's root directory (default: the current directory).", DefaultValueFactory = static _ => "." };
        var inventory = new Option<string[]>("--inventory", "-i") { Description = "An inventory file or directory; repeat for several (default: `inventory` from ansible.cfg)." };
        var playbook = new Option<string?>("--playbook") { Description = "The playbook (default: site.yml, cluster.yml or playbook.yml at the root, or the root's only playbook)." };
        var extraVars = new Option<string[]>("--extra-vars", "-e") { Description = "Extra vars as for ansible-playbook, applied to both sides; repeatable." };
        var format = new Option<DiffFormat>("--format") { Description = "Output format: text, json, markdown (a PR comment) or sarif.", DefaultValueFactory = static _ => DiffFormat.Text };
        var template = new Option<string?>("--template") { Description = "A Liquid template for --format markdown instead of the built-in PR comment." };
        var command = new Command("diff", "Show how a change alters the effective values of every host and context: changed values, moved sources, definitions that stopped or started taking effect, and the check findings it introduces or fixes.")
        {
            baseRevision, headRevision, project, inventory, playbook, extraVars, format, template,
        };
        command.SetAction(result =>
        {
            try
            {
                var templatePath = result.GetValue(template);
                var templateText = templatePath is null ? null : ReadTemplate(Path.GetFullPath(templatePath, currentDirectory));
                var options = new WorkspaceOptions(
                    result.GetValue(project) ?? ".",
                    result.GetValue(inventory) ?? [],
                    result.GetValue(playbook),
                    result.GetValue(extraVars) ?? [],
                    currentDirectory);
                var diff = RevisionDiffer.Compare(options, result.GetValue(baseRevision)!, result.GetValue(headRevision));
                switch (result.GetValue(format))
                {
                    case DiffFormat.Json:
                        DiffJsonFormatter.Write(output, diff);
                        break;
                    case DiffFormat.Markdown:
                        DiffMarkdownFormatter.Write(output, diff, templateText, templatePath ?? "DiffComment.liquid");
                        break;
                    case DiffFormat.Sarif:
                        DiffSarifFormatter.Write(output, diff);
                        break;
                    default:
                        DiffTextFormatter.Write(output, diff);
                        break;
                }

                foreach (var warning in diff.HeadWarnings) error.WriteLine($"warning: {warning}");
                return ExitCodes.Answered;
            }
            catch (VarTraceException e)
            {
                error.WriteLine($"error: {e.OneLine}");
                return ExitCodes.UsageOrInputError;
            }
        });
        return command;
    }

    private static string ReadTemplate(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VarTraceException(SourceLocation.WholeFile(path), $"cannot read the template: {e.Message}");
        }
    }

    private enum DiffFormat
    {
        Text,
        Json,
        Markdown,
        Sarif,
    }
}
