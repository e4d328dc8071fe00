using System.Collections.Immutable;
using VarTrace.Core.Model;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Project;

/// <summary>One play of the playbook after <c>import_playbook</c> expansion.</summary>
/// <param name="Number">1-based position over all plays.</param>
/// <param name="Name">The play's <c>name:</c>, if any.</param>
/// <param name="Location">Where the play starts.</param>
/// <param name="PlaybookDirectory">Project-relative directory of the playbook file holding the play: its
/// <c>group_vars</c>/<c>host_vars</c> and <c>roles/</c> are read, and <c>playbook_dir</c> points there.</param>
/// <param name="Hosts">The <c>hosts:</c> pattern as written.</param>
/// <param name="Vars">Play <c>vars:</c> in order (a list of dicts is flattened in order).</param>
/// <param name="ImportVars">The <c>vars:</c> of the <c>import_playbook</c> entries that brought the play in,
/// innermost first; Ansible unions them over <paramref name="Vars"/> without merging.</param>
/// <param name="VarsPrompt">Names and defaults of <c>vars_prompt</c>.</param>
/// <param name="VarsFiles">Entries of <c>vars_files</c>.</param>
/// <param name="Roles">Roles of the play in <c>play.roles</c> order: <c>roles:</c> entries, then
/// <c>import_role</c> tasks in file order; private <c>include_role</c>s are listed too, by kind.</param>
public sealed record Play(
    int Number,
    string? Name,
    SourceLocation Location,
    string PlaybookDirectory,
    string Hosts,
    ImmutableArray<Assignment> Vars,
    ImmutableArray<Assignment> ImportVars,
    ImmutableArray<Assignment> VarsPrompt,
    ImmutableArray<VarsFileEntry> VarsFiles,
    ImmutableArray<RoleReference> Roles)
{
    /// <summary>The play's <c>serial:</c> batch sizes (ints or "N%" strings) as written; empty runs every host in one batch.</summary>
    public ImmutableArray<AnsibleValue> Serial { get; init; } = [];

    /// <summary>The play as written, for walking its tasks.</summary>
    public YamlMappingNode? Node { get; init; }

    /// <summary>The play's <c>order:</c> keyword (<c>inventory</c> unless set).</summary>
    public string HostOrder { get; init; } = "inventory";

    /// <summary>"play 2 `Install Kubernetes`" for messages.</summary>
    public string Title => Name is null ? $"play {Number}" : $"play {Number} `{Name}`";
}

/// <summary>
/// One <c>vars_files</c> entry: a file name, or a list of alternatives of which the first that
/// exists is read.
/// </summary>
/// <param name="Candidates">Names as written, relative to the playbook directory.</param>
/// <param name="Location">Where the entry stands.</param>
public sealed record VarsFileEntry(ImmutableArray<string> Candidates, SourceLocation Location);
