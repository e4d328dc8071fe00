using System.Collections.Immutable;
using VarTrace.Core.Model;
using VarTrace.Core.Values;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace VarTrace.Core.Yaml;

/// <summary>
/// Turns YamlDotNet's parser events into <see cref="YamlNode"/> trees with the semantics of Ansible
/// 2.14's loader (PyYAML's composer and <c>SafeConstructor</c>, plus Ansible's
/// <c>AnsibleConstructor</c>). Open collections live on an explicit stack, never on the call stack,
/// so input nesting cannot overflow it; <see cref="InputLimits.MaxYamlDepth"/> bounds it instead.
/// Aliases share nodes, so a "billion laughs" document costs little to read but would cost its full
/// expansion to print or template: <see cref="InputLimits.MaxYamlExpandedNodes"/> bounds that.
/// </summary>
internal sealed class YamlTreeBuilder(IParser parser, string text, string path, InputLimits limits)
{
    private const string YamlTagPrefix = "tag:yaml.org,2002:";

    // The expanded size (nodes, counting every alias in full) of each collection closed so far.
    private readonly Dictionary<YamlNode, long> _expandedSizes = new(ReferenceEqualityComparer.Instance);

    // The open collections, innermost last. Frames (and their lists) are reused, as is the dict
    // builder: a large file closes tens of thousands of collections and garbage collection was
    // the loader's largest cost.
    private readonly List<Frame> _frames = [];
    private readonly DictBuilder _dict = new();
    private int _depth;

    // PyYAML's composer keeps anchors per document and refuses to redefine one within a document.
    private readonly Dictionary<string, AnchorEntry> _anchors = new(StringComparer.Ordinal);

    // Scalar keys tagged as merge keys (a plain `<<` or `!!merge`). An alias may repeat one.
    private readonly HashSet<YamlNode> _mergeKeys = new(ReferenceEqualityComparer.Instance);

    // Each `!unsafe` collection mapped to the collection as written, before wrapping: a merge
    // (`<<: *x`) reads the written nodes, and only wrapped collections survive a further wrap.
    private readonly Dictionary<YamlNode, YamlNode> _unwrapped = new(ReferenceEqualityComparer.Instance);

    private YamlNode? _root;

    /// <summary>Keys written twice in one mapping, in file order (Ansible 2.14 warns and keeps the last).</summary>
    public List<DuplicateKey> DuplicateKeys { get; } = [];

    /// <summary>Reads every document of the stream.</summary>
    /// <exception cref="VarTraceException">The stream breaks one of PyYAML's or Ansible's rules.</exception>
    /// <exception cref="YamlException">YamlDotNet found a syntax error.</exception>
    public ImmutableArray<YamlNode> ReadDocuments()
    {
        var documents = ImmutableArray.CreateBuilder<YamlNode>();
        while (MoveNext())
        {
            switch (parser.Current)
            {
                case DocumentStart:
                    _anchors.Clear();
                    _expandedSizes.Clear();
                    _root = null;
                    break;
                case DocumentEnd:
                    documents.Add(_root ?? throw new InvalidOperationException("a YAML document ended without a node"));
                    break;
                case Scalar scalar:
                    var isKey = IsKeyPosition;
                    if (isKey) RejectMissingKey(scalar);
                    var scalarNode = BuildScalar(scalar, isKey);
                    Define(scalar.Anchor, scalarNode.Start, scalarNode);
                    Add(scalarNode);
                    break;
                case AnchorAlias alias:
                    var target = Resolve(alias);
                    if (_depth > 0) _frames[_depth - 1].FirstAlias ??= Locate(alias.Start);
                    Add(target);
                    break;
                case SequenceStart start:
                    Open(start, isMapping: false);
                    break;
                case MappingStart start:
                    Open(start, isMapping: true);
                    break;
                case SequenceEnd or MappingEnd:
                    Close();
                    break;
            }
        }

        return documents.ToImmutable();
    }

    /// <summary>
    /// Advances the parser. YamlDotNet reports most bad input as <see cref="YamlException"/> but
    /// lets a few argument checks escape (<c>[!!str]</c> makes an invalid tag URI); those become
    /// position-less syntax errors too.
    /// </summary>
    private bool MoveNext()
    {
        try
        {
            return parser.MoveNext();
        }
        catch (ArgumentException e)
        {
            var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
            throw new YamlException(message, e);
        }
        catch (InvalidOperationException e)
        {
            // Its message ("Operation is not valid due to the current state of the object") says
            // nothing to a user.
            var open = _depth > 0 ? _frames[_depth - 1] : null;
            throw new YamlException(
                open is null ? "malformed YAML near here" : $"malformed YAML inside the {(open.IsMapping ? "mapping" : "sequence")} that starts at line {open.Start.Line}, column {open.Start.Column}",
                e);
        }
    }

    private bool IsKeyPosition => _depth > 0 && _frames[_depth - 1] is { IsMapping: true } top && top.Nodes.Count % 2 == 0;

    private SourceLocation Locate(in Mark mark) => new(path, (int)mark.Line, (int)mark.Column);

    private YamlScalarNode BuildScalar(Scalar scalar, bool isKey)
    {
        var start = Locate(scalar.Start);
        var text = scalar.Value;
        var isPlain = scalar.Style == ScalarStyle.Plain;
        var tag = Classify(scalar.Tag);

        // libyaml refuses these indicators at the start of a plain scalar everywhere; YamlDotNet
        // accepts them inside flow collections (`[@x]`).
        if (isPlain && text.Length > 0 && text[0] is '@' or '`' or '%')
        {
            throw new VarTraceException(start, $"YAML syntax error: found character '{text[0]}' that cannot start any token");
        }

        // AnsibleConstructor.construct_yaml_unsafe: construct_scalar gives the raw text, untyped.
        if (tag == TagKind.Unsafe) return new YamlScalarNode(start, text, isPlain, new AnsibleString(text, isUnsafe: true));
        if (tag == TagKind.Vault) return new YamlScalarNode(start, text, isPlain, new AnsibleVault(text));

        // PyYAML and libyaml resolve a plain untagged scalar and one tagged with the non-specific
        // `!` (even if quoted: `! "1"` is the int 1); every other untagged scalar is a str.
        var kind = tag switch
        {
            TagKind.Implicit => scalar.IsPlainImplicit ? Yaml11ScalarResolver.ResolvePlain(text) : ScalarKind.Str,
            TagKind.Str => ScalarKind.Str,
            TagKind.Null => ScalarKind.Null,
            TagKind.Bool => ScalarKind.Bool,
            TagKind.Int => ScalarKind.Int,
            TagKind.Float => ScalarKind.Float,
            TagKind.Timestamp => ScalarKind.Timestamp,
            TagKind.Merge => ScalarKind.Merge,
            TagKind.Value => ScalarKind.Value,
            _ => throw TagError(tag, scalar.Tag, "a scalar", start),
        };

        switch (kind)
        {
            case ScalarKind.Merge when isKey:
                var mergeKey = new YamlScalarNode(start, text, isPlain, new AnsibleString(text));
                _mergeKeys.Add(mergeKey);
                return mergeKey;
            case ScalarKind.Merge:
                throw new VarTraceException(start, "the merge key `<<` can only be used as a mapping key");

            // SafeConstructor.flatten_mapping retags a `=` key as str; PyYAML has no constructor
            // for it anywhere else.
            case ScalarKind.Value when isKey:
                kind = ScalarKind.Str;
                break;
            case ScalarKind.Value:
                throw new VarTraceException(start, "a plain `=` can only be used as a mapping key (PyYAML cannot load YAML 1.1's value tag elsewhere)");
        }

        var value = Yaml11ScalarResolver.TryConstruct(kind, text, out var error)
            ?? throw new VarTraceException(start, error!);
        return new YamlScalarNode(start, text, isPlain, value);
    }

    private YamlNode Resolve(AnchorAlias alias)
    {
        var start = Locate(alias.Start);
        if (!_anchors.TryGetValue(alias.Value.Value, out var entry))
        {
            throw new VarTraceException(start, $"the alias `*{alias.Value}` names no anchor defined before it in this document");
        }

        return entry.Node ?? throw new VarTraceException(
            start, $"the alias `*{alias.Value}` is inside the node it names; recursive YAML structures are not supported");
    }

    private void Define(AnchorName anchor, SourceLocation start, YamlNode? node)
    {
        if (anchor.IsEmpty) return;
        if (_anchors.TryGetValue(anchor.Value, out var first))
        {
            throw new VarTraceException(start, $"the anchor `&{anchor}` is already defined at line {first.Start.Line}, column {first.Start.Column}");
        }

        _anchors.Add(anchor.Value, new AnchorEntry(start, node));
    }

    private void Open(NodeEvent start, bool isMapping)
    {
        var location = Locate(start.Start);
        if (_depth >= limits.MaxYamlDepth)
        {
            throw new VarTraceException(location, $"nesting deeper than {limits.MaxYamlDepth} levels (InputLimits.MaxYamlDepth)");
        }

        var tag = Classify(start.Tag);
        var accepted = tag is TagKind.Implicit or TagKind.Unsafe || tag == (isMapping ? TagKind.Map : TagKind.Seq);
        if (!accepted) throw TagError(tag, start.Tag, isMapping ? "a mapping" : "a sequence", location);

        // PyYAML registers a collection's anchor before its content, so an alias inside it finds
        // the anchor (and builds a recursive structure, which is refused when resolved here).
        Define(start.Anchor, location, node: null);
        if (_depth == _frames.Count) _frames.Add(new Frame());

        // A single-pair mapping in a flow sequence (`[a: 1]`) has no character of its own:
        // YamlDotNet places it at the `[` or `,` before it, libyaml at its key.
        var startsAtFirstKey = start is MappingStart { Style: MappingStyle.Flow } && !IsAt(start.Start, '{', '&', '!');
        _frames[_depth++].Reset(location, start.Anchor, isMapping, tag == TagKind.Unsafe, startsAtFirstKey);
    }

    /// <summary>
    /// libyaml refuses a mapping entry without a key (<c>: a</c>, <c>{: a}</c>, <c>- : a</c>) while
    /// YamlDotNet, following YAML 1.2, gives it an empty key (and in <c>- : a</c> drops the value).
    /// Such a key is an empty scalar beside a <c>:</c>; an explicit <c>? </c> key is the one
    /// legitimate empty key there.
    /// </summary>
    private void RejectMissingKey(Scalar key)
    {
        if (key.Value.Length != 0 || key.Style != ScalarStyle.Plain || !key.Tag.IsEmpty || !key.Anchor.IsEmpty) return;
        var at = (int)Math.Min(key.Start.Index, text.Length - 1);
        var colon = at >= 0 && text[at] == ':' ? at : PreviousNonBlank(at);
        if (colon < 0 || text[colon] != ':') return;
        var before = PreviousNonBlank(colon - 1);
        if (before >= 0 && text[before] == '?') return;
        var breaks = text.AsSpan(colon, at - colon).Count('\n');
        var column = colon - text.LastIndexOf('\n', colon);
        throw new VarTraceException(
            new SourceLocation(path, (int)key.Start.Line - breaks, column), "YAML syntax error: found a mapping value without a key");
    }

    private int PreviousNonBlank(int index)
    {
        while (index >= 0 && text[index] is ' ' or '\t' or '\r' or '\n') index--;
        return index;
    }

    private bool IsAt(in Mark mark, char a, char b, char c) =>
        mark.Index < text.Length && text[(int)mark.Index] is var found && (found == a || found == b || found == c);

    private void Close()
    {
        var frame = _frames[--_depth];

        // A key whose value YamlDotNet lost; RejectMissingKey catches the known inputs first.
        if (frame.IsMapping && frame.Nodes.Count % 2 == 1)
        {
            throw new VarTraceException(frame.Nodes[^1].Start, "YAML syntax error: found a mapping key without a value");
        }

        YamlNode node = frame.IsMapping
            ? new YamlMappingNode(frame.Start, BuildEntries(frame))
            : new YamlSequenceNode(frame.Start, [.. frame.Nodes]);
        if (frame.IsUnsafe) node = WrapUnsafe(node);
        RecordExpandedSize(node, frame);

        // Computing the value now, bottom-up, keeps YamlNode's lazy Value from recursing as deep as
        // the document later.
        _ = node.Value;
        if (!frame.Anchor.IsEmpty) _anchors[frame.Anchor.Value] = new AnchorEntry(frame.Start, node);
        Add(node);
    }

    /// <summary>Counts the nodes <paramref name="node"/> stands for with every alias expanded, and refuses a bomb.</summary>
    private void RecordExpandedSize(YamlNode node, Frame frame)
    {
        long size = 1;
        if (node is YamlMappingNode mapping)
        {
            foreach (var entry in mapping.Entries) size += ExpandedSize(entry.Key) + ExpandedSize(entry.Value);
        }
        else
        {
            foreach (var item in ((YamlSequenceNode)node).Items) size += ExpandedSize(item);
        }

        if (size > limits.MaxYamlExpandedNodes)
        {
            throw new VarTraceException(
                frame.FirstAlias ?? frame.Start,
                $"this {(frame.IsMapping ? "mapping" : "sequence")} expands to more than {limits.MaxYamlExpandedNodes:N0} values through YAML aliases (an alias bomb?); the limit is InputLimits.MaxYamlExpandedNodes");
        }

        _expandedSizes[node] = size;
    }

    private long ExpandedSize(YamlNode node) => node is YamlScalarNode ? 1 : _expandedSizes.GetValueOrDefault(node, 1);

    private void Add(YamlNode node)
    {
        if (_depth == 0)
        {
            RejectMergeKey(node);
            _root = node;
            return;
        }

        var top = _frames[_depth - 1];

        // A mapping's frame holds its key and value nodes alternately.
        if (!top.IsMapping || top.Nodes.Count % 2 == 1) RejectMergeKey(node);
        if (top.StartsAtFirstKey && top.Nodes.Count == 0) top.Start = node.Start;
        top.Nodes.Add(node);
    }

    // An alias can bring a merge-key scalar back as a value, where PyYAML has no constructor for it.
    private void RejectMergeKey(YamlNode node)
    {
        if (_mergeKeys.Contains(node))
        {
            throw new VarTraceException(node.Start, "the merge key `<<` can only be used as a mapping key");
        }
    }

    /// <summary>
    /// PyYAML's <c>flatten_mapping</c> then Ansible's <c>construct_mapping</c>: merged entries go
    /// first (each <c>&lt;&lt;</c> in order, a list of mappings last to first), explicit entries
    /// after them, and assigning them in that order into a dict makes explicit keys beat merged
    /// ones and earlier mappings of a merge list beat later ones. A repeated key keeps its first
    /// slot and takes the last value.
    /// </summary>
    private ImmutableArray<YamlMappingEntry> BuildEntries(Frame frame)
    {
        var nodes = frame.Nodes;
        List<(YamlMappingEntry Entry, YamlNode MergeKey)>? merged = null;
        for (var i = 0; i < nodes.Count; i += 2)
        {
            if (!_mergeKeys.Contains(nodes[i])) continue;
            merged ??= [];
            switch (nodes[i + 1])
            {
                case YamlMappingNode mapping:
                    merged.AddRange(MergeSource(mapping).Entries.Select(e => (e, nodes[i])));
                    break;
                case YamlSequenceNode sequence:
                    foreach (var item in sequence.Items)
                    {
                        if (item is not YamlMappingNode)
                        {
                            throw new VarTraceException(item.Start, $"a merge key `<<` list must hold only mappings, but found {Describe(item)}");
                        }
                    }

                    for (var j = sequence.Items.Length - 1; j >= 0; j--)
                    {
                        merged.AddRange(MergeSource((YamlMappingNode)sequence.Items[j]).Entries.Select(e => (e, nodes[i])));
                    }

                    break;
                case var other:
                    throw new VarTraceException(other.Start, $"a merge key `<<` needs a mapping or a list of mappings, but found {Describe(other)}");
            }
        }

        _dict.Reset();
        if (merged is not null)
        {
            foreach (var (entry, mergeKey) in merged)
            {
                if (_dict.Assign(entry.Key, entry.Value, merged: true) is { } again) DuplicateKeys.Add(new DuplicateKey(mergeKey.Start, again.First, ((YamlScalarNode)entry.Key).Text, InvolvesMerge: true));
            }
        }

        for (var i = 0; i < nodes.Count; i += 2)
        {
            if (_mergeKeys.Contains(nodes[i])) continue;
            if (_dict.Assign(nodes[i], nodes[i + 1], merged: false) is { } again) DuplicateKeys.Add(new DuplicateKey(nodes[i].Start, again.First, ((YamlScalarNode)nodes[i]).Text, again.FirstMerged));
        }

        return _dict.ToEntries();
    }

    private YamlMappingNode MergeSource(YamlMappingNode mapping) =>
        _unwrapped.TryGetValue(mapping, out var written) ? (YamlMappingNode)written : mapping;

    /// <summary>
    /// Ansible 2.14's <c>construct_yaml_unsafe</c> on a collection: it builds the list or dict
    /// without deep construction and passes it to <c>wrap_var</c>, which copies it with every string
    /// made unsafe. A nested list or dict is at that moment still the empty object PyYAML's
    /// two-step construction fills later, so the copy holds an empty one (<c>!unsafe [[a]]</c>
    /// loads as <c>[[]]</c>); only a nested <c>!unsafe</c> collection, built eagerly, stays whole.
    /// </summary>
    private YamlNode WrapUnsafe(YamlNode written)
    {
        YamlNode wrapped = written switch
        {
            YamlSequenceNode sequence => new YamlSequenceNode(sequence.Start, [.. sequence.Items.Select(WrapItem)]),
            YamlMappingNode mapping => new YamlMappingNode(
                mapping.Start, [.. mapping.Entries.Select(e => new YamlMappingEntry(WrapItem(e.Key), WrapItem(e.Value)))]),
            _ => throw new ArgumentException("not a collection", nameof(written)),
        };
        _unwrapped[wrapped] = written;
        return wrapped;
    }

    private YamlNode WrapItem(YamlNode item) => item switch
    {
        YamlScalarNode { Value: AnsibleString { IsUnsafe: false } text } scalar =>
            new YamlScalarNode(scalar.Start, scalar.Text, scalar.IsPlain, new AnsibleString(text.Value, isUnsafe: true)),
        YamlScalarNode => item,
        _ when _unwrapped.ContainsKey(item) => item,
        YamlSequenceNode => new YamlSequenceNode(item.Start, []),
        _ => new YamlMappingNode(item.Start, []),
    };

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a sequence",
        _ => "a scalar",
    };

    private static VarTraceException TagError(TagKind kind, TagName tag, string found, SourceLocation location)
    {
        var name = tag.Value.StartsWith(YamlTagPrefix, StringComparison.Ordinal) ? "!!" + tag.Value[YamlTagPrefix.Length..] : tag.Value;
        return kind switch
        {
            // SafeConstructor.construct_undefined: "could not determine a constructor for the tag".
            TagKind.Unknown => new VarTraceException(location, $"unknown YAML tag `{name}`"),
            TagKind.Unsupported => new VarTraceException(location, $"the YAML tag `{name}` is not supported"),
            TagKind.Map => new VarTraceException(location, $"the YAML tag `{name}` needs a mapping, but found {found}"),
            TagKind.Seq => new VarTraceException(location, $"the YAML tag `{name}` needs a sequence, but found {found}"),
            _ => new VarTraceException(location, $"the YAML tag `{name}` needs a scalar, but found {found}"),
        };
    }

    /// <summary>The constructors Ansible's loader has, by tag.</summary>
    private static TagKind Classify(TagName tag)
    {
        if (tag.IsEmpty || tag.IsNonSpecific) return TagKind.Implicit;
        return tag.Value switch
        {
            "!unsafe" => TagKind.Unsafe,
            "!vault" or "!vault-encrypted" => TagKind.Vault,
            YamlTagPrefix + "str" or YamlTagPrefix + "python/unicode" => TagKind.Str,
            YamlTagPrefix + "null" => TagKind.Null,
            YamlTagPrefix + "bool" => TagKind.Bool,
            YamlTagPrefix + "int" => TagKind.Int,
            YamlTagPrefix + "float" => TagKind.Float,
            YamlTagPrefix + "timestamp" => TagKind.Timestamp,
            YamlTagPrefix + "merge" => TagKind.Merge,
            YamlTagPrefix + "value" => TagKind.Value,
            YamlTagPrefix + "map" or YamlTagPrefix + "python/dict" => TagKind.Map,
            YamlTagPrefix + "seq" => TagKind.Seq,

            // PyYAML builds bytes, sets and tuples from these, which Ansible values cannot hold.
            YamlTagPrefix + "binary" or YamlTagPrefix + "set" or YamlTagPrefix + "omap" or YamlTagPrefix + "pairs" => TagKind.Unsupported,
            _ => TagKind.Unknown,
        };
    }

    private enum TagKind
    {
        Implicit,
        Str,
        Null,
        Bool,
        Int,
        Float,
        Timestamp,
        Merge,
        Value,
        Map,
        Seq,
        Unsafe,
        Vault,
        Unsupported,
        Unknown,
    }

    /// <summary>Where an anchor was defined and its node, or null while its collection is still open.</summary>
    private readonly record struct AnchorEntry(SourceLocation Start, YamlNode? Node);

    private sealed class Frame
    {
        public SourceLocation Start { get; set; }

        public bool StartsAtFirstKey { get; private set; }

        public AnchorName Anchor { get; private set; }

        /// <summary>Where the first alias directly inside this collection stands, if any.</summary>
        public SourceLocation? FirstAlias { get; set; }

        public bool IsMapping { get; private set; }

        public bool IsUnsafe { get; private set; }

        /// <summary>A sequence's items, or a mapping's keys and values alternately.</summary>
        public List<YamlNode> Nodes { get; } = [];

        public void Reset(SourceLocation start, AnchorName anchor, bool isMapping, bool isUnsafe, bool startsAtFirstKey)
        {
            Start = start;
            Anchor = anchor;
            IsMapping = isMapping;
            IsUnsafe = isUnsafe;
            StartsAtFirstKey = startsAtFirstKey;
            FirstAlias = null;
            Nodes.Clear();
        }
    }

    /// <summary>
    /// Python's <c>mapping[key] = value</c> in a loop: a repeated key keeps its first slot and
    /// takes the last value. Small mappings, the common case, are searched without a hash table.
    /// </summary>
    private sealed class DictBuilder
    {
        private const int LinearSearchLimit = 8;

        // Clearing a dictionary costs its capacity, so a large one is dropped rather than reused.
        private const int ReusableSlotsLimit = 1024;
        private readonly List<YamlMappingEntry> _entries = [];
        private Dictionary<AnsibleValue, int>? _slots;
        private bool _hashing;

        // Where each slot's key was last written, and whether that came in through `<<`.
        private readonly List<(SourceLocation At, bool Merged)> _writtenAt = [];

        public void Reset()
        {
            _entries.Clear();
            _writtenAt.Clear();
            if (!_hashing) return;
            _hashing = false;
            if (_slots!.Count > ReusableSlotsLimit) _slots = null;
            else _slots.Clear();
        }

        /// <summary>Assigns; when the key was there already, returns where it was written before and whether that was merged.</summary>
        public (SourceLocation First, bool FirstMerged)? Assign(YamlNode keyNode, YamlNode value, bool merged)
        {
            // Ansible's construct_mapping hashes each key; lists and dicts are unhashable.
            if (keyNode is not YamlScalarNode key)
            {
                throw new VarTraceException(keyNode.Start, $"{Describe(keyNode)} cannot be a mapping key (Python dict keys must be hashable)");
            }

            // Hashing a vaulted value decrypts it, which fails without the vault password.
            if (key.Value is AnsibleVault)
            {
                throw new VarTraceException(key.Start, "a `!vault` value cannot be a mapping key");
            }

            var slot = Find(key.Value);
            if (slot < 0)
            {
                if (_hashing) _slots!.Add(key.Value, _entries.Count);
                _entries.Add(new YamlMappingEntry(key, value));
                if (!_hashing && _entries.Count > LinearSearchLimit)
                {
                    _hashing = true;
                    _slots ??= new Dictionary<AnsibleValue, int>(PythonKeyComparer.Instance);
                    for (var i = 0; i < _entries.Count; i++) _slots.Add(_entries[i].Key.Value, i);
                }

                _writtenAt.Add((key.Start, merged));
                return null;
            }

            // The dict keeps its first key object (`{1: a, 1.0: b}` has the key 1), so when the
            // spellings differ the winning line's node carries the first key's value.
            var firstKey = _entries[slot].Key;
            var winner = firstKey.Value.DeepEquals(key.Value) ? key : new YamlScalarNode(key.Start, key.Text, key.IsPlain, firstKey.Value);
            _entries[slot] = new YamlMappingEntry(winner, value);
            var before = _writtenAt[slot];
            _writtenAt[slot] = (key.Start, merged);
            return (before.At, before.Merged);
        }

        public ImmutableArray<YamlMappingEntry> ToEntries() => [.. _entries];

        private int Find(AnsibleValue key)
        {
            if (_hashing) return _slots!.TryGetValue(key, out var slot) ? slot : -1;
            for (var i = 0; i < _entries.Count; i++)
            {
                if (PythonKeyComparer.Instance.Equals(_entries[i].Key.Value, key)) return i;
            }

            return -1;
        }
    }
}
