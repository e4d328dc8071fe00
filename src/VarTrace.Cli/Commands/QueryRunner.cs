using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;
using VarTrace.Core.Tasks;

namespace VarTrace.Cli.Commands;

/// <summary>Loads the workspace and context for a query and turns input errors into exit code 2.</summary>
internal static class QueryRunner
{
    /// <summary>
    /// Loads the workspace once, then answers for each host <paramref name="hosts"/> picks from it,
    /// each in its own context (at the task of <paramref name="at"/>, if given). The exit code is
    /// the highest any answer returned.
    /// </summary>
    public static int Run(TextWriter error, WorkspaceOptions options, Func<Workspace, IReadOnlyList<string>> hosts, int? play, string? role, string? at, Func<Workspace, Resolution, ValueEvaluator, int> answer)
    {
        var diagnostics = new List<LoadDiagnostic>();
        try
        {
            var workspace = Workspace.Load(options, diagnostics);
            var exitCode = ExitCodes.Answered;
            var warnings = new SortedSet<string>(StringComparer.Ordinal);
            var runner = new TaskRunner(workspace);
            foreach (var host in hosts(workspace))
            {
                var context = runner.ChooseContext(host, play, role, at, options.CurrentDirectory);
                var resolution = Resolver.Resolve(workspace, host, context);
                var evaluator = new ValueEvaluator(resolution, EvaluationOptions.Ansible214);
                exitCode = Math.Max(exitCode, answer(workspace, resolution, evaluator));
                foreach (var warning in evaluator.Warnings) warnings.Add(warning.ToString());
            }

            foreach (var warning in warnings) error.WriteLine($"warning: {Printable(warning)}");
            WriteDiagnostics(error, diagnostics);
            return exitCode;
        }
        catch (VarTraceException e)
        {
            error.WriteLine($"error: {Printable(e.OneLine)}");
            WriteDiagnostics(error, diagnostics);
            return ExitCodes.UsageOrInputError;
        }
    }

    private static void WriteDiagnostics(TextWriter error, List<LoadDiagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics.Distinct().OrderBy(static d => d.Location.File, StringComparer.Ordinal).ThenBy(static d => d.Location.Line).ThenBy(static d => d.Location.Column))
        {
            error.WriteLine($"warning: {Printable(diagnostic.ToString())}");
        }
    }

    /// <summary>
    /// Diagnostics quote the input, and input can hold control characters (an escape sequence
    /// would rewrite the user's terminal): those are shown as <c>\uXXXX</c>.
    /// </summary>
    private static string Printable(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsControl(c)) builder.Append($"\\u{(int)c:X4}");
            else builder.Append(c);
        }

        return builder.ToString();
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
