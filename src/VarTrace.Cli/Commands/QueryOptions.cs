using System.CommandLine;
using VarTrace.Core.Output;
using VarTrace.Core.Precedence;
using VarTrace.Core.Project;

namespace VarTrace.Cli.Commands;

/// <summary>The options <c>values</c> and <c>explain</c> share, declared once.</summary>
internal sealed class QueryOptions
{
    public Option<string> Project { get; } = new("--project")
    {
        Description = "The checkout's root directory (default: the current directory).",
        DefaultValueFactory = static _ => ".",
    };

    public Option<string[]> Inventory { get; } = new("--inventory", "-i")
    {
        Description = "An inventory file or directory; repeat for several (default: `inventory` from ansible.cfg).",
    };

    public Option<string?> Playbook { get; } = new("--playbook")
    {
        Description = "The playbook (default: site.yml, cluster.yml or playbook.yml at the root, or the root's only playbook).",
    };

    public Option<string> Host { get; } = new("--host")
    {
        Description = "The inventory host to resolve for.",
        Required = true,
    };

    public Option<int?> Play { get; } = new("--play")
    {
        Description = "1-based play number after import_playbook expansion (default: the first play targeting the host).",
    };

    public Option<string?> Role { get; } = new("--role")
    {
        Description = "Resolve as a task inside this role sees it (default: play level, outside any role).",
    };

    public Option<string?> At { get; } = new("--at")
    {
        Description = "FILE:LINE of a task (in a role or playbook): resolve as that task sees the variables, after what it and every earlier task set; a line of a role's defaults or vars resolves inside that role, of group_vars or the inventory at play level (default: the end of the play, or of the role with --role).",
    };

    public Option<string[]> ExtraVars { get; } = new("--extra-vars", "-e")
    {
        Description = "Extra vars as for ansible-playbook: key=value (strings), JSON, or @file; repeatable.",
    };

    public Option<OutputFormat> Format { get; } = new("--format")
    {
        Description = "Output format: text or json.",
        DefaultValueFactory = static _ => OutputFormat.Text,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Project);
        command.Options.Add(Inventory);
        command.Options.Add(Playbook);
        command.Options.Add(Host);
        command.Options.Add(Play);
        command.Options.Add(Role);
        command.Options.Add(At);
        command.Options.Add(ExtraVars);
        command.Options.Add(Format);
    }

    /// <summary>Loads the workspace and context the parsed options name, then answers with <paramref name="answer"/>.</summary>
    public int Run(ParseResult result, TextWriter error, string currentDirectory, Func<Workspace, Resolution, ValueEvaluator, int> answer)
    {
        var host = result.GetValue(Host)!;
        return Run(result, error, currentDirectory, _ => [host], answer);
    }

    /// <summary>Like <see cref="Run(ParseResult, TextWriter, string, Func{Workspace, Resolution, ValueEvaluator, int})"/>, for each host <paramref name="hosts"/> picks.</summary>
    public int Run(ParseResult result, TextWriter error, string currentDirectory, Func<Workspace, IReadOnlyList<string>> hosts, Func<Workspace, Resolution, ValueEvaluator, int> answer) =>
        QueryRunner.Run(
            error,
            Workspace(result, currentDirectory),
            hosts,
            result.GetValue(Play),
            result.GetValue(Role),
            result.GetValue(At),
            answer);

    public WorkspaceOptions Workspace(ParseResult result, string currentDirectory) => new(
        result.GetValue(Project) ?? ".",
        result.GetValue(Inventory) ?? [],
        result.GetValue(Playbook),
        result.GetValue(ExtraVars) ?? [],
        currentDirectory);
}
