using VarTrace.Core.Model;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Inventory;

/// <summary>
/// ansible-core 2.14's YAML inventory plugin (<c>plugins/inventory/yaml.py</c>): top-level keys are
/// groups, each with optional <c>hosts:</c>, <c>vars:</c> and <c>children:</c>. Values keep their YAML
/// 1.1 typing. What the plugin only warns about becomes a <see cref="LoadDiagnostic"/>; what makes it
/// fail is a <see cref="VarTraceException"/>.
/// </summary>
internal sealed class YamlInventoryParser(InventoryBuilder builder)
{
    private static readonly string[] Sections = ["vars", "children", "hosts"];

    private InventoryData Data => builder.Data;

    /// <summary>Reads a document that is a non-empty mapping without a <c>plugin</c> key.</summary>
    public void Parse(YamlMappingNode root)
    {
        foreach (var entry in root.Entries) ParseGroup(entry.Key, entry.Value);
    }

    /// <summary>
    /// <c>_parse_group</c> for a definition that is a mapping or None (null <paramref name="data"/>
    /// stands for None); returns the group's name as the plugin does, even for a skipped definition.
    /// </summary>
    private string? ParseGroup(YamlNode key, YamlNode? data)
    {
        var keyText = Describe(key);
        if (data is not (null or YamlMappingNode) && !IsNull(data))
        {
            Data.Diagnostics.Add(new LoadDiagnostic(key.Start, $"group `{keyText}` is skipped: its definition is a {data.Value.PythonType}, not a mapping"));
            return (key.Value as AnsibleString)?.Value;
        }

        if (key.Value is not AnsibleString { Value.Length: > 0 } name)
        {
            throw new VarTraceException(key.Start, $"group name `{keyText}` must be a non-empty string");
        }

        var group = Data.GetOrAddGroup(name.Value, key.Start);
        if (data is not YamlMappingNode mapping) return group.Name;

        // The plugin first checks all three sections; a string stands for a mapping with one key.
        var sections = new Dictionary<string, List<(YamlNode Key, YamlNode? Value)>>(StringComparer.Ordinal);
        foreach (var section in Sections)
        {
            if (mapping.Find(section) is not { } entry) continue;
            sections[section] = entry.Value switch
            {
                YamlMappingNode m => [.. m.Entries.Select(static e => (e.Key, (YamlNode?)e.Value))],
                { Value: AnsibleString } scalar => [(scalar, null)],
                var other when IsNull(other) => [],
                var other => throw new VarTraceException(other.Start, $"the `{section}` entry of group `{group.Name}` must be a mapping, not a {other.Value.PythonType}"),
            };
        }

        foreach (var entry in mapping.Entries)
        {
            var sectionName = (entry.Key.Value as AnsibleString)?.Value;
            if (sectionName is not null && sections.TryGetValue(sectionName, out var items))
            {
                if (sectionName == "vars") ParseVars(group, items);
                else if (sectionName == "children") ParseChildren(group, items);
                else ParseHosts(group, items);
            }
            else if (entry.Value is YamlMappingNode)
            {
                Data.Diagnostics.Add(new LoadDiagnostic(entry.Key.Start, $"key `{Describe(entry.Key)}` of group `{group.Name}` is skipped: only vars, children and hosts are valid"));
            }
            else if (!IsNull(entry.Value))
            {
                Data.Diagnostics.Add(new LoadDiagnostic(entry.Key.Start, $"key `{Describe(entry.Key)}` of group `{group.Name}` is skipped: its value is a {entry.Value.Value.PythonType}, not a mapping"));
            }
        }

        return group.Name;
    }

    private void ParseVars(InventoryGroup group, List<(YamlNode Key, YamlNode? Value)> vars)
    {
        foreach (var (key, value) in vars)
        {
            if (VariableName(key, $"group `{group.Name}`") is { } name)
            {
                InventoryBuilder.SetGroupVariable(group, name, value?.Value ?? AnsibleNull.Instance, key.Start);
            }
        }
    }

    private void ParseChildren(InventoryGroup group, List<(YamlNode Key, YamlNode? Value)> children)
    {
        foreach (var (key, value) in children)
        {
            var child = ParseGroup(key, value);

            // add_child accepts a known group or host; a skipped definition leaves neither behind.
            if (child is not null && Data.Groups.ContainsKey(child)) Data.AddChild(group.Name, child, key.Start);
            else if (child is not null && Data.Hosts.ContainsKey(child)) Data.AddHostToGroup(group.Name, child, key.Start);
            else throw new VarTraceException(key.Start, $"child `{Describe(key)}` of group `{group.Name}` is not a known host nor group");
        }
    }

    private void ParseHosts(InventoryGroup group, List<(YamlNode Key, YamlNode? Value)> hosts)
    {
        foreach (var (key, value) in hosts)
        {
            if (key.Value is not AnsibleString pattern)
            {
                throw new VarTraceException(key.Start, $"host pattern `{Describe(key)}` must be a string; enclose numbers in quotation marks");
            }

            var (names, port) = builder.ExpandHostPattern(pattern.Value, key.Start);

            // `host: ` (or any falsy value) means no variables.
            var variables = value is null || IsFalsy(value.Value) ? null : value as YamlMappingNode;
            if (value is not null && !IsFalsy(value.Value) && variables is null)
            {
                throw new VarTraceException(value.Start, $"the variables of host `{pattern.Value}` must be a mapping, not a {value.Value.PythonType}");
            }

            foreach (var host in names)
            {
                builder.AddHost(host, group.Name, port, key.Start);
                foreach (var entry in variables?.Entries ?? [])
                {
                    if (VariableName(entry.Key, $"host `{host}`") is { } name) builder.SetVariable(host, name, entry.Value.Value, entry.Key.Start);
                }
            }
        }
    }

    /// <summary>
    /// A variable's name. Ansible would also store a non-string key (<c>1: x</c>), but no template can
    /// name it, so it is reported and skipped.
    /// </summary>
    private string? VariableName(YamlNode key, string owner)
    {
        if (key.Value is AnsibleString name) return name.Value;
        Data.Diagnostics.Add(new LoadDiagnostic(key.Start, $"variable `{Describe(key)}` of {owner} is skipped: its name is a {key.Value.PythonType}, not a string"));
        return null;
    }

    private static bool IsNull(YamlNode node) => node.Value is AnsibleNull;

    /// <summary>Python truthiness of a loaded value: None, False, 0, 0.0 and empty text or containers are false.</summary>
    internal static bool IsFalsy(AnsibleValue value) => value switch
    {
        AnsibleNull => true,
        AnsibleBool b => !b.Value,
        AnsibleInt i => i.Value.IsZero,
        AnsibleFloat f => f.Value == 0,
        AnsibleString s => s.Value.Length == 0,
        AnsibleList l => l.Items.IsEmpty,
        AnsibleDict d => d.Entries.IsEmpty,
        _ => false,
    };

    private static string Describe(YamlNode node) => node is YamlScalarNode scalar ? scalar.Text : node.Value.PythonType;
}
