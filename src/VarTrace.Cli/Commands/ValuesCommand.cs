using System.CommandLine;
using VarTrace.Core.Output;

namespace VarTrace.Cli.Commands;

/// <summary><c>vartrace values</c>: every variable a host gets in a context, with its source.</summary>
internal static class ValuesCommand
{
    public static Command Create(TextWriter output, TextWriter error, string currentDirectory)
    {
        var options = new QueryOptions();
        var command = new Command("values", "List every variable of a host in a play or role context, with the file, line and precedence level that supplied it.");
        options.AddTo(command);
        command.SetAction(result =>
        {
            var format = result.GetValue(options.Format);
            return options.Run(
                result,
                error,
                currentDirectory,
                (workspace, resolution, evaluator) =>
                {
                    if (format == OutputFormat.Json) JsonFormatter.WriteValues(output, workspace, resolution, evaluator);
                    else TextFormatter.WriteValues(output, workspace, resolution, evaluator);
                    return ExitCodes.Answered;
                });
        });
        return command;
    }
}
