using VarTrace.Core.Checks.Scanning;
using VarTrace.Core.Model;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Checks.Rules.Loading;

/// <summary>VT0001: a file Ansible reads cannot be loaded (YAML syntax error, wrong structure, unreadable).</summary>
public static class UnreadableFile
{
    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT0001",
        "unreadable-file",
        "A file Ansible reads cannot be loaded",
        "`{0}` cannot be loaded: {1}",
        RuleCategory.Loading,
        Severity.Error,
        RuleStatus.Preview,
        "0.1.0",
        "fix the file at the position shown; Ansible stops with the same error when it reads it");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on)
    {
        on.OnFile(file =>
        {
            if (file.LoadError is { } error) Report(on, error, file.Path);
        });
        on.OnLoadError(error => Report(on, error, error.Location?.File ?? string.Empty));
    }

    private static void Report(RuleRegistration on, VarTraceException error, string path)
    {
        // An unquoted `{{` has its own rule, with its own fix.
        if (error.Message == YamlLoader.UnquotedTemplateMessage) return;
        var location = error.Location ?? SourceLocation.WholeFile(path);
        on.Report(location, 0, [], location.File, error.Message);
    }
}
