using System.CommandLine;
using VarTrace.Cli.Commands;

namespace VarTrace.Cli;

/// <summary>Assembles the commands and runs one; the process entry point and the tests share it.</summary>
internal static class CommandLine
{
    public static int Run(string[] args, TextWriter output, TextWriter error, string currentDirectory)
    {
        var root = new RootCommand("VarTrace: which value an Ansible variable gets on a host, from which file and line, and why.")
        {
            ValuesCommand.Create(output, error, currentDirectory),
            ExplainCommand.Create(output, error, currentDirectory),
            CheckCommand.Create(output, error, currentDirectory),
            RulesCommand.Create(output, error),
            DiffCommand.Create(output, error, currentDirectory),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors) error.WriteLine($"vartrace: {parseError.Message}");
            error.WriteLine("Run `vartrace --help` for usage.");
            return ExitCodes.UsageOrInputError;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
