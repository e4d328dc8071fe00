using System.Collections.Immutable;
using VarTrace.Core.Model;

namespace VarTrace.Core.Project;

/// <summary>
/// A role entry: in a play's <c>roles:</c>, a <c>meta/main.yml</c> dependency, or an
/// <c>import_role</c>/<c>include_role</c> task. Keys that are not role keywords are role params,
/// as ansible-core 2.14's <c>RoleDefinition._split_role_params</c> splits them.
/// </summary>
/// <param name="Name">The role name as written (may be nested, e.g. <c>network_plugin/calico</c>).</param>
/// <param name="Location">Where the entry stands.</param>
/// <param name="Params">Role params (level 20).</param>
/// <param name="Vars">The entry's <c>vars:</c> keyword, part of the role's vars (level 15).</param>
/// <param name="When">The entry's <c>when:</c> conditions as written, if any.</param>
/// <param name="DefaultsFrom"><c>defaults_from</c> of import/include_role.</param>
/// <param name="VarsFrom"><c>vars_from</c> of import/include_role.</param>
/// <param name="Kind">How the role was brought in.</param>
public sealed record RoleReference(
    string Name,
    SourceLocation Location,
    ImmutableArray<Assignment> Params,
    ImmutableArray<Assignment> Vars,
    ImmutableArray<string> When,
    string? DefaultsFrom,
    string? VarsFrom,
    RoleReferenceKind Kind);

/// <summary>How a role entered a play.</summary>
public enum RoleReferenceKind
{
    /// <summary>An entry of the play's <c>roles:</c>.</summary>
    PlayRoles,

    /// <summary>A dependency in another role's <c>meta/main.yml</c>.</summary>
    Dependency,

    /// <summary>An <c>import_role</c> task: added to the play's roles at parse time.</summary>
    ImportRole,

    /// <summary>An <c>include_role</c> task with <c>public: yes</c>: added to the play's roles when it runs.</summary>
    IncludeRolePublic,

    /// <summary>An <c>include_role</c> task without <c>public</c>: its variables stay with its own tasks.</summary>
    IncludeRolePrivate,
}

/// <summary>The files of one role directory.</summary>
/// <param name="Name">The role name as referenced.</param>
/// <param name="Directory">Project-relative role directory.</param>
/// <param name="Defaults">Files of <c>defaults/</c> read by Ansible, in merge order.</param>
/// <param name="Vars">Files of <c>vars/</c> read by Ansible, in merge order.</param>
/// <param name="Dependencies">Dependencies from <c>meta/main.yml</c>, in order.</param>
/// <param name="AllowDuplicates"><c>allow_duplicates</c> from <c>meta/main.yml</c>.</param>
public sealed record RoleFiles(
    string Name,
    string Directory,
    ImmutableArray<VarsFile> Defaults,
    ImmutableArray<VarsFile> Vars,
    ImmutableArray<RoleReference> Dependencies,
    bool AllowDuplicates);

/// <summary>
/// A role as instantiated in a play: its files plus the entry that brought it in and its
/// dependencies, each instantiated in turn (ansible-core 2.14 keeps one instance per distinct
/// name and params in the play's role cache).
/// </summary>
public sealed class RoleInstance(RoleFiles files, RoleReference reference, ImmutableArray<RoleInstance> dependencies)
{
    /// <summary>The role's files.</summary>
    public RoleFiles Files { get; } = files;

    /// <summary>The entry that instantiated it.</summary>
    public RoleReference Reference { get; } = reference;

    /// <summary>Direct dependencies.</summary>
    public ImmutableArray<RoleInstance> Dependencies { get; } = dependencies;

    /// <summary>The role name.</summary>
    public string Name => Files.Name;

    /// <summary>
    /// Every dependency, post-order (a dependency's own dependencies first), as
    /// <c>Role.get_all_dependencies()</c> returns them.
    /// </summary>
    public IEnumerable<RoleInstance> AllDependencies()
    {
        foreach (var dependency in Dependencies)
        {
            foreach (var nested in dependency.AllDependencies()) yield return nested;
            yield return dependency;
        }
    }
}
