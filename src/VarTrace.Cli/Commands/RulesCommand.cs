using System.CommandLine;
using VarTrace.Core.Checks;

namespace VarTrace.Cli.Commands;

/// <summary><c>vartrace rules [ID]</c>: lists the rules, or prints one rule's page.</summary>
internal static class RulesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var id = new Argument<string?>("ID") { Description = "A rule ID or name; omit it to list every rule.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("rules", "List the rules of `vartrace check`, or print one rule's documentation.") { id };
        command.SetAction(result =>
        {
            var wanted = result.GetValue(id);
            if (wanted is null)
            {
                foreach (var rule in RuleRegistry.All.Select(static r => r.Descriptor))
                {
                    output.Write($"{rule.Id}  {rule.Name,-36} {rule.DefaultSeverity.Name(),-8} {rule.Title}\n");
                }

                return ExitCodes.Answered;
            }

            if (RuleRegistry.Find(wanted) is not { } entry)
            {
                error.WriteLine($"error: no rule `{wanted}` (run `vartrace rules` for the list)");
                return ExitCodes.UsageOrInputError;
            }

            var d = entry.Descriptor;
            output.Write(d.Documentation);
            output.Write($"\nCategory: {d.Category}. Default severity: {d.DefaultSeverity.Name()}. Status: {d.Status} since {d.Since}.\n");
            return ExitCodes.Answered;
        });
        return command;
    }
}
