using VarTrace.Core.Model;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Checks.Rules.Loading;

/// <summary>VT0003: a YAML value starts with an unquoted <c>{{</c>, which YAML reads as a mapping.</summary>
public static class UnquotedTemplateValue
{
    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT0003",
        "unquoted-template-value",
        "A value starts with an unquoted `{{`",
        "this value starts with `{{{{` but is not quoted: YAML reads `{{{{ ... }}}}` as a mapping and Ansible cannot load `{0}`",
        RuleCategory.Loading,
        Severity.Error,
        RuleStatus.Preview,
        "0.1.0",
        "quote the whole value: `x: \"{{ ... }}\"`");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on)
    {
        on.OnFile(file =>
        {
            if (file.LoadError is { } error) Report(on, error);
        });
        on.OnLoadError(error => Report(on, error));
    }

    private static void Report(RuleRegistration on, VarTraceException error)
    {
        if (error.Message != YamlLoader.UnquotedTemplateMessage || error.Location is not { } location) return;
        on.Report(location, 2, [], location.File);
    }
}
