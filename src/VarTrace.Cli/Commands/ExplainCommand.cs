using System.CommandLine;
using VarTrace.Core.Explain;
using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Output;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;

namespace VarTrace.Cli.Commands;

/// <summary>
/// <c>vartrace explain VAR</c>: the value, its source, and every definition that lost and why.
/// <c>vartrace explain --at FILE:LINE</c> without VAR explains what that line defines or reads.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(TextWriter output, TextWriter error, string currentDirectory)
    {
        var options = new QueryOptions();
        var variable = new Argument<string?>("VAR")
        {
            Description = "The variable to explain; without it, --at explains what that line defines (or, when it defines nothing, every variable it reads).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var expression = new Option<string?>("--expr")
        {
            Description = "Also evaluate this template in the same context and show how it evaluated, e.g. '{{ a | default(b) }}'.",
        };
        var command = new Command("explain", "Explain which value a variable gets on a host: the winning definition, and every other one with why it lost or does not apply.");
        command.Arguments.Add(variable);
        options.AddTo(command);
        command.Options.Add(expression);
        command.SetAction(result =>
        {
            var format = result.GetValue(options.Format);
            var name = result.GetValue(variable);
            var at = result.GetValue(options.At);
            var template = result.GetValue(expression);
            if (name is null && at is null)
            {
                error.WriteLine("error: explain needs a variable, or --at FILE:LINE to explain what that line defines or reads");
                return ExitCodes.UsageOrInputError;
            }

            if (name is not null)
            {
                return options.Run(result, error, currentDirectory, (workspace, resolution, evaluator) => Explain(workspace, resolution, evaluator, [name], template, format, output, error));
            }

            // The line is read before the context is chosen, so a line with nothing to explain says
            // so rather than that no task holds it.
            var host = result.GetValue(options.Host)!;
            LineVariables? line = null;
            return options.Run(
                result,
                error,
                currentDirectory,
                workspace =>
                {
                    line = LineVariables.Find(workspace, FileLine.Parse(at!, workspace.Files, currentDirectory));
                    if (line.ToExplain.IsEmpty) throw new Core.Model.VarTraceException(null, $"{line.Position}: no variable is defined or read on this line");
                    return [host];
                },
                (workspace, resolution, evaluator) => Explain(workspace, resolution, evaluator, line!.ToExplain, template, format, output, error));
        });
        return command;
    }

    /// <summary>
    /// Explains each variable in turn (text blocks separated by a blank line, JSON one document
    /// each). Exit code 1 only when none of them is defined: then each gets its error line.
    /// </summary>
    private static int Explain(Workspace workspace, Resolution resolution, ValueEvaluator evaluator, IReadOnlyList<string> names, string? template, OutputFormat format, TextWriter output, TextWriter error)
    {
        var undefined = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0 && format != OutputFormat.Json) output.WriteLine();
            var explanation = Explainer.Explain(workspace, resolution, names[i], evaluator, template);
            if (format == OutputFormat.Json) JsonFormatter.WriteExplanation(output, workspace, explanation);
            else TextFormatter.WriteExplanation(output, workspace, explanation);
            if (explanation.Resolved is null) undefined.Add(names[i]);
        }

        if (undefined.Count < names.Count) return ExitCodes.Answered;
        foreach (var name in undefined) error.WriteLine($"error: `{name}` is not defined for host `{resolution.Host}` in {resolution.Context.Describe()}");
        return ExitCodes.Undefined;
    }
}
