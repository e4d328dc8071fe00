using System.Collections.Immutable;
using VarTrace.Core.Model;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Checks.Scanning;

/// <summary>What kind of Ansible file a scanned file is, from where it sits.</summary>
public enum ScannedFileKind
{
    /// <summary>A playbook, task, handler or meta file: holds tasks and conditions.</summary>
    Tasks,

    /// <summary>A file of variables: group_vars, host_vars, role defaults or vars, vars files.</summary>
    Variables,

    /// <summary>A YAML inventory.</summary>
    Inventory,

    /// <summary>A Jinja template file (<c>.j2</c>).</summary>
    Template,
}

/// <summary>One file of the checkout as the scanner read it.</summary>
/// <param name="Path">Project-relative path.</param>
/// <param name="Kind">What kind of file it is.</param>
/// <param name="Lines">Its lines, without line breaks.</param>
/// <param name="Yaml">The loaded YAML, or null for templates and files that failed to load.</param>
/// <param name="LoadError">Why it could not be loaded, if it could not.</param>
/// <param name="Owner">The role directory or playbook file whose tasks use it, if known.</param>
public sealed record ScannedFile(string Path, ScannedFileKind Kind, ImmutableArray<string> Lines, YamlFile? Yaml, VarTraceException? LoadError, string? Owner)
{
    /// <summary>Keys written twice in one mapping.</summary>
    public ImmutableArray<DuplicateKey> DuplicateKeys => Yaml?.DuplicateKeys ?? [];
}
