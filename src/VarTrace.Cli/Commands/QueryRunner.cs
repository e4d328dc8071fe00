using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;

namespace VarTrace.Cli.Commands;

/// <summary>Loads the workspace and context for a query and turns input errors into exit code 2.</summary>
internal static class QueryRunner
{
    /// <summary>
    /// Loads the workspace once, then answers for each host <paramref name="hosts"/> picks from it,
    /// each in its own context. The exit code is the highest any answer returned.
    /// </summary>
    public static int Run(TextWriter error, WorkspaceOptions options, Func<Workspace, IReadOnlyList<string>> hosts, int? play, string? role, Func<Workspace, Resolution, ValueEvaluator, int> answer)
    {
        try
        {
            var workspace = Workspace.Load(options);
            var exitCode = ExitCodes.Answered;
            var warnings = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var host in hosts(workspace))
            {
                var context = Resolver.ChooseContext(workspace, host, play, role);
                var resolution = Resolver.Resolve(workspace, host, context);
                var evaluator = new ValueEvaluator(resolution, EvaluationOptions.Ansible214);
                exitCode = Math.Max(exitCode, answer(workspace, resolution, evaluator));
                foreach (var warning in evaluator.Warnings) warnings.Add(warning.Message);
            }

            foreach (var warning in warnings) error.WriteLine($"warning: {warning}");
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

    /// <summary>The hosts an Ansible host pattern (<c>--limit</c>) matches, in inventory order.</summary>
    /// <exception cref="VarTraceException">The pattern is templated or matches no host.</exception>
    public static IReadOnlyList<string> MatchLimit(Workspace workspace, string pattern) =>
        HostPattern.Match(workspace.Inventory, pattern) switch
        {
            null => throw new VarTraceException(null, $"--limit `{pattern}` is templated; pass a plain host pattern"),
            [] => throw new VarTraceException(null, $"--limit `{pattern}` matches no host of the inventory"),
            var matched => matched,
        };
}
