using System.CommandLine;
using VarTrace.Core.Explain;
using VarTrace.Core.Output;

namespace VarTrace.Cli.Commands;

/// <summary><c>vartrace explain VAR</c>: the value, its source, and every definition that lost and why.</summary>
internal static class ExplainCommand
{
    public static Command Create(TextWriter output, TextWriter error, string currentDirectory)
    {
        var options = new QueryOptions();
        var variable = new Argument<string>("VAR") { Description = "The variable to explain." };
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
            var name = result.GetValue(variable)!;
            var template = result.GetValue(expression);
            return options.Run(
                result,
                error,
                currentDirectory,
                (workspace, resolution, evaluator) =>
                {
                    var explanation = Explainer.Explain(workspace, resolution, name, evaluator, template);
                    if (format == OutputFormat.Json) JsonFormatter.WriteExplanation(output, workspace, explanation);
                    else TextFormatter.WriteExplanation(output, workspace, explanation);
                    if (explanation.Resolved is not null) return ExitCodes.Answered;
                    error.WriteLine($"error: `{name}` is not defined for host `{resolution.Host}` in {resolution.Context.Describe()}");
                    return ExitCodes.Undefined;
                });
        });
        return command;
    }
}
