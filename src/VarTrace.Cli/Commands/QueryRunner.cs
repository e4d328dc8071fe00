using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;
using VarTrace.Core.Tasks;

namespace VarTrace.Cli.Commands;

/// <summary>Loads the workspace and context for a query and turns input errors into exit code 2.</summary>
internal static class QueryRunner
{
    public static int Run(TextWriter error, WorkspaceOptions options, string host, int? play, string? role, string? at, Func<Workspace, Resolution, ValueEvaluator, int> answer)
    {
        try
        {
            var workspace = Workspace.Load(options);
            var context = new TaskRunner(workspace).ChooseContext(host, play, role, at, options.CurrentDirectory);
            var resolution = Resolver.Resolve(workspace, host, context);
            var evaluator = new ValueEvaluator(resolution, EvaluationOptions.Ansible214);
            var exitCode = answer(workspace, resolution, evaluator);
            foreach (var warning in evaluator.Warnings.Select(static w => w.Message).Distinct().Order(StringComparer.Ordinal))
            {
                error.WriteLine($"warning: {warning}");
            }

            foreach (var diagnostic in workspace.Diagnostics.Distinct().OrderBy(static d => d.Location.File, StringComparer.Ordinal).ThenBy(static d => d.Location.Line))
            {
                error.WriteLine($"warning: {diagnostic}");
            }

            return exitCode;
        }
        catch (VarTraceException e)
        {
            error.WriteLine($"error: {e.OneLine}");
            return ExitCodes.UsageOrInputError;
        }
    }
}
