using System.Collections.Immutable;
using VarTrace.Core.Model;
using VarTrace.Core.Project;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Checks;

/// <summary>
/// A project's <c>.vartrace.yml</c>: rules turned off, severity overrides, the default inventory
/// and playbook, and the Ansible version the checkout targets.
/// </summary>
/// <param name="Disabled">Rule IDs that do not run.</param>
/// <param name="Severities">Severity per rule ID, replacing the default.</param>
/// <param name="Inventories">Default <c>-i</c> sources, relative to the project.</param>
/// <param name="Playbook">Default playbook, relative to the project.</param>
/// <param name="AnsibleVersion">The ansible-core version the checkout targets, as written.</param>
public sealed record CheckConfig(
    ImmutableHashSet<string> Disabled,
    ImmutableDictionary<string, Severity> Severities,
    ImmutableArray<string> Inventories,
    string? Playbook,
    string? AnsibleVersion)
{
    /// <summary>The file name looked for at the project root.</summary>
    public const string FileName = ".vartrace.yml";

    /// <summary>No configuration.</summary>
    public static CheckConfig Empty { get; } = new([], ImmutableDictionary<string, Severity>.Empty, [], null, null);

    /// <summary>Reads <c>.vartrace.yml</c> at the root of <paramref name="projectDirectory"/>; <see cref="Empty"/> when there is none.</summary>
    /// <exception cref="VarTraceException">The directory does not exist, or the file is broken or names an unknown rule, severity or version.</exception>
    public static CheckConfig Load(string projectDirectory) => Load(new ProjectFiles(projectDirectory));

    /// <summary>Reads <c>.vartrace.yml</c> at the root of <paramref name="files"/> (the disk's or a git revision's); <see cref="Empty"/> when there is none.</summary>
    /// <exception cref="VarTraceException">The file is unreadable or broken, or names an unknown rule, severity or version.</exception>
    public static CheckConfig Load(ProjectFiles files)
    {
        if (!files.FileExists(FileName)) return Empty;
        var yaml = YamlLoader.Load(files.ReadText(FileName), FileName);
        if (yaml.Documents.IsEmpty) return Empty;
        if (yaml.Documents[0] is not YamlMappingNode root) throw new VarTraceException(yaml.Documents[0].Start, "`.vartrace.yml` must be a mapping");
        var config = Empty;
        foreach (var entry in root.Entries)
        {
            var key = entry.Key.Value is AnsibleString k ? k.Value : string.Empty;
            config = key switch
            {
                "disable" => config with { Disabled = [.. Strings(entry.Value).Select(id => KnownRule(id, entry.Value.Start))] },
                "severity" => config with { Severities = ReadSeverities(entry.Value) },
                "inventory" => config with { Inventories = [.. Strings(entry.Value)] },
                "playbook" => config with { Playbook = Strings(entry.Value).SingleOrDefault() },
                "ansible_version" => config with { AnsibleVersion = CheckVersion(entry.Value) },
                _ => throw new VarTraceException(entry.Key.Start, $"unknown setting `{key}` in `.vartrace.yml` (known: disable, severity, inventory, playbook, ansible_version)"),
            };
        }

        return config;
    }

    /// <summary>Fills the inventory and playbook from this configuration where the command line gave none.</summary>
    public WorkspaceOptions ApplyDefaults(WorkspaceOptions options)
    {
        var project = Path.GetFullPath(options.ProjectDirectory, options.CurrentDirectory);
        var result = options;
        if (options.Inventories.Count == 0 && !Inventories.IsEmpty) result = result with { Inventories = [.. Inventories.Select(i => Path.GetFullPath(i, project))] };
        if (options.Playbook is null && Playbook is not null) result = result with { Playbook = Path.GetFullPath(Playbook, project) };
        return result;
    }

    /// <summary>The severity a rule reports at under this configuration.</summary>
    public Severity SeverityOf(RuleDescriptor rule) =>
        Disabled.Contains(rule.Id) ? Severity.Off : Severities.GetValueOrDefault(rule.Id, rule.DefaultSeverity);

    private static IEnumerable<string> Strings(YamlNode node) => node switch
    {
        YamlSequenceNode list => list.Items.Select(static i => i is YamlScalarNode s ? s.Text : throw new VarTraceException(i.Start, "expected a string")),
        YamlScalarNode scalar => [scalar.Text],
        _ => throw new VarTraceException(node.Start, "expected a string or a list of strings"),
    };

    private static ImmutableDictionary<string, Severity> ReadSeverities(YamlNode node)
    {
        if (node is not YamlMappingNode mapping) throw new VarTraceException(node.Start, "`severity` must map rule IDs to error, warning, info or off");
        return mapping.Entries.ToImmutableDictionary(
            e => KnownRule(((YamlScalarNode)e.Key).Text, e.Key.Start),
            e => e.Value is YamlScalarNode s && SeverityNames.Parse(s.Text) is { } severity ? severity : throw new VarTraceException(e.Value.Start, "a severity is error, warning, info or off"));
    }

    private static string KnownRule(string id, SourceLocation at) =>
        RuleRegistry.Find(id) is { } rule ? rule.Descriptor.Id : throw new VarTraceException(at, $"unknown rule `{id}` in `.vartrace.yml` (run `vartrace rules` for the list)");

    private static string CheckVersion(YamlNode node)
    {
        var text = node is YamlScalarNode s ? s.Text : string.Empty;

        // The only release VarTrace's precedence and templating are recorded against.
        if (text is "2.14" || text.StartsWith("2.14.", StringComparison.Ordinal)) return text;
        throw new VarTraceException(node.Start, $"VarTrace models ansible-core 2.14; `ansible_version: {text}` is not supported");
    }
}
