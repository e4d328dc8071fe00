using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;

namespace VarTrace.Cli.Commands;

/// <summary>Loads the workspace and context for a query and turns input errors into exit code 2.</summary>
internal static class QueryRunner
{
    public static int Run(TextWriter error, WorkspaceOptions options, string host, int? play, string? role, Func<Workspace, Resolution, ValueEvaluator, int> answer)
    {
        var diagnostics = new List<LoadDiagnostic>();
        try
        {
            var workspace = Workspace.Load(options, diagnostics);
            var context = Resolver.ChooseContext(workspace, host, play, role);
            var resolution = Resolver.Resolve(workspace, host, context);
            var evaluator = new ValueEvaluator(resolution, EvaluationOptions.Ansible214);
            var exitCode = answer(workspace, resolution, evaluator);
            foreach (var warning in evaluator.Warnings.Select(static w => w.ToString()).Distinct().Order(StringComparer.Ordinal))
            {
                error.WriteLine($"warning: {Printable(warning)}");
            }

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
}
