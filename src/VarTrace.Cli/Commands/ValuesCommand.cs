using System.CommandLine;
using VarTrace.Core.Output;

namespace VarTrace.Cli.Commands;

/// <summary><c>vartrace values</c>: every variable a host gets in a context, with its source.</summary>
internal static class ValuesCommand
{
    public static Command Create(TextWriter output, TextWriter error, string currentDirectory)
    {
        var options = new QueryOptions();
        options.Host.Required = false;
        options.Host.Description = "The inventory host to resolve for (or --limit).";
        var limit = new Option<string?>("--limit", "-l")
        {
            Description = "Instead of --host: every host matching this Ansible host pattern (e.g. all, k8s_cluster:!etcd), in inventory order, each in its own context; JSON is then one document per host.",
        };
        var command = new Command("values", "List every variable of a host in a play or role context, with the file, line and precedence level that supplied it.");
        options.AddTo(command);
        command.Options.Add(limit);
        command.Validators.Add(result =>
        {
            if ((result.GetValue(options.Host) is null) == (result.GetValue(limit) is null)) result.AddError("values needs exactly one of --host or --limit");
        });
        command.SetAction(result =>
        {
            var format = result.GetValue(options.Format);
            var pattern = result.GetValue(limit);
            var host = result.GetValue(options.Host);
            return options.Run(
                result,
                error,
                currentDirectory,
                workspace => pattern is null ? [host!] : QueryRunner.MatchLimit(workspace, pattern),
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
