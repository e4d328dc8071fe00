using System.Collections.Immutable;
using VarTrace.Core.Model;
using VarTrace.Core.Values;

namespace VarTrace.Core.Yaml;

/// <summary>
/// A node of a loaded YAML document with the position of its first character. Nodes are immutable;
/// an alias is the very node its anchor names (shared, never copied), so documents are DAGs.
/// </summary>
public abstract class YamlNode
{
    private protected YamlNode(SourceLocation start) => Start = start;

    /// <summary>Where the node starts (for a mapping value: the value, not its key).</summary>
    public SourceLocation Start { get; }

    /// <summary>The node as the Python object PyYAML and Ansible's loader build from it.</summary>
    public abstract AnsibleValue Value { get; }
}

/// <summary>A scalar, already typed with YAML 1.1 (PyYAML) rules.</summary>
public sealed class YamlScalarNode(SourceLocation start, string text, bool isPlain, AnsibleValue value)
    : YamlNode(start)
{
    /// <summary>The scalar's text after YAML unescaping and folding.</summary>
    public string Text { get; } = text;

    /// <summary>True for an unquoted (plain) scalar, the only style that implicit typing applies to.</summary>
    public bool IsPlain { get; } = isPlain;

    /// <inheritdoc />
    public override AnsibleValue Value { get; } = value;
}

/// <summary>A sequence.</summary>
public sealed class YamlSequenceNode(SourceLocation start, ImmutableArray<YamlNode> items) : YamlNode(start)
{
    private AnsibleValue? _value;

    /// <summary>The items in order.</summary>
    public ImmutableArray<YamlNode> Items { get; } = items;

    /// <inheritdoc />
    public override AnsibleValue Value => _value ??= new AnsibleList([.. Items.Select(static i => i.Value)]);
}

/// <summary>
/// A mapping after merge keys (<c>&lt;&lt;</c>) are applied and duplicate keys resolved, as PyYAML
/// resolves them: explicit keys beat merged ones, and a later duplicate replaces an earlier one.
/// </summary>
public sealed class YamlMappingNode(SourceLocation start, ImmutableArray<YamlMappingEntry> entries) : YamlNode(start)
{
    private AnsibleValue? _value;

    /// <summary>The entries in the order Python's dict holds them.</summary>
    public ImmutableArray<YamlMappingEntry> Entries { get; } = entries;

    /// <inheritdoc />
    public override AnsibleValue Value =>
        _value ??= new AnsibleDict([.. Entries.Select(static e => new KeyValuePair<AnsibleValue, AnsibleValue>(e.Key.Value, e.Value.Value))]);

    /// <summary>The entry whose key is the string <paramref name="key"/>, if any.</summary>
    public YamlMappingEntry? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Value is AnsibleString s && s.Value == key) return entry;
        }

        return null;
    }
}

/// <summary>One key and its value, each with its own position.</summary>
public sealed record YamlMappingEntry(YamlNode Key, YamlNode Value);

/// <summary>The documents of one file, in order. An empty file has no documents.</summary>
public sealed record YamlFile(string Path, ImmutableArray<YamlNode> Documents)
{
    /// <summary>Keys written twice in one mapping (the later one wins), in file order.</summary>
    public ImmutableArray<DuplicateKey> DuplicateKeys { get; init; } = [];
}

/// <summary>
/// A key that occurs again in one mapping once merge keys are flattened (Ansible 2.14's
/// <c>construct_mapping</c> warns about every such key).
/// </summary>
/// <param name="Location">Where the repeated key stands, or for a key merged in again, the <c>&lt;&lt;</c> that brought it.</param>
/// <param name="First">Where the key was written before (for a merged key: in the mapping it was merged from).</param>
/// <param name="Key">The key as written.</param>
/// <param name="InvolvesMerge">True when one of the two came in through <c>&lt;&lt;</c>: an explicit key overriding a merged
/// one (which YAML means as an override, though Ansible still warns), or a key two merged mappings share.</param>
public sealed record DuplicateKey(SourceLocation Location, SourceLocation First, string Key, bool InvolvesMerge = false);
