using System.Text;
using System.Text.RegularExpressions;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation.Filters;

/// <summary>
/// PyYAML 6's <c>yaml.dump</c> (representer, resolver and emitter) for the shapes Ansible's
/// <c>to_yaml</c>/<c>to_nice_yaml</c> usually meet: scalars, lists and dicts with scalar keys. Output
/// that would need what is not modelled here (line folding past 80 columns, multi-line or
/// double-quoted scalars, complex keys) is reported as null rather than guessed.
/// </summary>
internal static partial class PythonYaml
{
    /// <summary>PyYAML's <c>best_width</c>.</summary>
    private const int Width = 80;

    /// <summary>PyYAML's <c>default_flow_style</c>.</summary>
    public enum FlowStyle
    {
        /// <summary><c>None</c>: collections of scalars only in flow style, others in block style.</summary>
        Auto,

        /// <summary><c>False</c>: block style throughout (<c>to_nice_yaml</c>).</summary>
        Block,

        /// <summary><c>True</c>: flow style throughout.</summary>
        Flow,
    }

    /// <summary>The dumped document, or null when the value needs emitter features VarTrace does not model.</summary>
    public static string? Dump(AnsibleValue value, int indent, FlowStyle style, bool sortKeys)
    {
        var emitter = new Emitter(indent, style, sortKeys);
        try
        {
            return emitter.Document(value);
        }
        catch (NotModelledException)
        {
            return null;
        }
    }

    private sealed class NotModelledException : Exception;

    private sealed class Emitter(int indent, FlowStyle style, bool sortKeys)
    {
        private readonly StringBuilder _out = new();

        public string Document(AnsibleValue value)
        {
            if (value is AnsibleList or AnsibleDict)
            {
                if (IsFlow(value)) _out.Append(Flow(value, column: 0)).Append('\n');
                else Block(value, 0, inSequence: false);
                return _out.ToString();
            }

            // AnsibleDumper's representers never leave a scalar document open, so no "..." follows.
            _out.Append(Scalar(value, flow: false, column: 0)).Append('\n');
            return _out.ToString();
        }

        private bool IsFlow(AnsibleValue value) => value switch
        {
            AnsibleList { Items.IsEmpty: true } or AnsibleDict { Entries.IsEmpty: true } => true,
            _ => style switch
            {
                FlowStyle.Flow => true,
                FlowStyle.Block => false,
                _ => value is AnsibleList list ? list.Items.All(IsScalar) : ((AnsibleDict)value).Entries.All(e => IsScalar(e.Key) && IsScalar(e.Value)),
            },
        };

        private static bool IsScalar(AnsibleValue value) => value is not (AnsibleList or AnsibleDict);

        /// <summary>Block collection at <paramref name="level"/> columns; the caller has written the line's prefix when <paramref name="inSequence"/>.</summary>
        private void Block(AnsibleValue value, int level, bool inSequence)
        {
            PythonOps.CheckLength(_out.Length);
            var first = true;
            if (value is AnsibleList list)
            {
                foreach (var item in list.Items)
                {
                    if (!(first && inSequence)) _out.Append(' ', level);
                    first = false;
                    // A scalar or flow item follows "- "; a block collection starts at the indentation column.
                    if (IsScalar(item) || IsFlow(item))
                    {
                        _out.Append("- ");
                        Node(item, level + 2, afterIndicator: true);
                    }
                    else
                    {
                        _out.Append('-').Append(' ', indent - 1);
                        Node(item, level + indent, afterIndicator: true);
                    }
                }

                return;
            }

            foreach (var (key, item) in Entries((AnsibleDict)value))
            {
                if (!(first && inSequence)) _out.Append(' ', level);
                first = false;
                var keyText = Scalar(key, flow: false, column: level);
                _out.Append(keyText).Append(':');
                if (item is AnsibleList { Items.IsEmpty: false } nested && !IsFlow(nested))
                {
                    // PyYAML writes a block sequence inside a mapping without indenting it.
                    _out.Append('\n');
                    Block(nested, level, inSequence: false);
                }
                else if (item is AnsibleDict { Entries.IsEmpty: false } map && !IsFlow(map))
                {
                    _out.Append('\n');
                    Block(map, level + indent, inSequence: false);
                }
                else
                {
                    _out.Append(' ');
                    Node(item, level + keyText.Length + 2, afterIndicator: false);
                }
            }
        }

        private void Node(AnsibleValue value, int column, bool afterIndicator)
        {
            if (IsScalar(value))
            {
                _out.Append(Scalar(value, flow: false, column: column)).Append('\n');
            }
            else if (IsFlow(value))
            {
                _out.Append(Flow(value, column)).Append('\n');
            }
            else if (afterIndicator)
            {
                Block(value, column, inSequence: true);
            }
            else
            {
                throw new NotModelledException();
            }
        }

        private string Flow(AnsibleValue value, int column)
        {
            var builder = new StringBuilder();
            if (value is AnsibleList list)
            {
                builder.Append('[');
                for (var i = 0; i < list.Items.Length; i++)
                {
                    if (i > 0) builder.Append(", ");
                    builder.Append(IsScalar(list.Items[i]) ? Scalar(list.Items[i], flow: true, column: column + builder.Length) : Flow(list.Items[i], column + builder.Length));
                }

                builder.Append(']');
            }
            else
            {
                builder.Append('{');
                var first = true;
                foreach (var (key, item) in Entries((AnsibleDict)value))
                {
                    if (!first) builder.Append(", ");
                    first = false;
                    builder.Append(Scalar(key, flow: true, column: column + builder.Length)).Append(": ");
                    builder.Append(IsScalar(item) ? Scalar(item, flow: true, column: column + builder.Length) : Flow(item, column + builder.Length));
                }

                builder.Append('}');
            }

            // Past the best width PyYAML breaks flow collections across lines.
            if (column + builder.Length > Width) throw new NotModelledException();
            return builder.ToString();
        }

        private IEnumerable<(AnsibleValue Key, AnsibleValue Value)> Entries(AnsibleDict dict)
        {
            var entries = dict.Entries.Select(e => (e.Key, e.Value)).ToList();
            if (entries.Any(e => !IsScalar(e.Key))) throw new NotModelledException();
            if (!sortKeys) return entries;
            try
            {
                // represent_mapping: sorted(mapping.items()), left unsorted when keys do not compare.
                return CoreFilters.StableSort([.. entries.Select(e => ((AnsibleValue)new AnsibleList([e.Key, e.Value]), (AnsibleValue)new AnsibleList([e.Key, e.Value])))], reverse: false)
                    .Select(p => (((AnsibleList)p.Item).Items[0], ((AnsibleList)p.Item).Items[1]));
            }
            catch (TemplateError)
            {
                return entries;
            }
        }

        /// <summary>A scalar's text.</summary>
        private static string Scalar(AnsibleValue value, bool flow, int column)
        {
            switch (value)
            {
                case AnsibleNull:
                    return "null";
                case AnsibleBool b:
                    return b.Value ? "true" : "false";
                case AnsibleInt i:
                    return PythonOps.IntStr(i.Value);
                case AnsibleFloat f:
                    return FloatText(f.Value);
                case AnsibleTimestamp t:
                    return t.HasTime ? t.IsoFormat().Replace('T', ' ') : t.IsoFormat();
                case AnsibleString s:
                    return StringScalar(s.Value, flow, column);
                default:
                    throw new NotModelledException();
            }
        }

        /// <summary>PyYAML's <c>represent_float</c>: <c>repr(x).lower()</c> with <c>.0</c> added before an exponent.</summary>
        private static string FloatText(double value)
        {
            if (double.IsNaN(value)) return ".nan";
            if (double.IsInfinity(value)) return value > 0 ? ".inf" : "-.inf";
            var text = PythonOps.FloatRepr(value).ToLowerInvariant();
            if (!text.Contains('.', StringComparison.Ordinal) && text.Contains('e', StringComparison.Ordinal))
            {
                text = string.Concat(text.AsSpan(0, text.IndexOf('e')), ".0", text.AsSpan(text.IndexOf('e')));
            }

            return text;
        }

        /// <summary>PyYAML's <c>analyze_scalar</c> and <c>choose_scalar_style</c>, for single-line scalars.</summary>
        private static string StringScalar(string text, bool flow, int column)
        {
            if (text.Length == 0) return "''";
            if (text.AsSpan().IndexOfAny("\n\r\x85\u2028\u2029") >= 0) throw new NotModelledException();
            foreach (var c in text)
            {
                var printable = c is '\t' || (c >= ' ' && c <= '~') || c == '\x85' || (c >= '\xA0' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD') || char.IsSurrogate(c);
                if (!printable || c == '\uFEFF' || c == '\t') throw new NotModelledException();
            }

            var flowIndicators = false;
            var blockIndicators = false;
            if (text.StartsWith("---", StringComparison.Ordinal) || text.StartsWith("...", StringComparison.Ordinal)) flowIndicators = blockIndicators = true;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                var followedBySpace = i + 1 >= text.Length || text[i + 1] == ' ';
                var precededBySpace = i == 0 || text[i - 1] == ' ';
                if (i == 0)
                {
                    if ("#,[]{}&*!|>'\"%@`".Contains(c, StringComparison.Ordinal)) flowIndicators = blockIndicators = true;
                    if (c is '?' or ':')
                    {
                        flowIndicators = true;
                        if (followedBySpace) blockIndicators = true;
                    }

                    if (c == '-' && followedBySpace) flowIndicators = blockIndicators = true;
                }
                else
                {
                    if (",?[]{}".Contains(c, StringComparison.Ordinal)) flowIndicators = true;
                    if (c == ':')
                    {
                        flowIndicators = true;
                        if (followedBySpace) blockIndicators = true;
                    }

                    if (c == '#' && precededBySpace) flowIndicators = blockIndicators = true;
                }
            }

            var spaced = text[0] == ' ' || text[^1] == ' ';
            var plainAllowed = !spaced && !(flow ? flowIndicators : blockIndicators) && !ResolvesToNonString(text);

            // A scalar with spaces that runs past the width is folded by PyYAML.
            if (column + text.Length + 2 > Width && text.Contains(' ', StringComparison.Ordinal)) throw new NotModelledException();
            if (plainAllowed) return text;
            return "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
        }

        private static bool ResolvesToNonString(string text) => ImplicitResolver().IsMatch(text);
    }

    /// <summary>PyYAML's YAML 1.1 implicit resolvers (bool, float, int, merge, null, timestamp, value).</summary>
    [GeneratedRegex(
        @"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
        + @"|[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
        + @"|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
        + @"|<<|~|null|Null|NULL|="
        + @"|[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex ImplicitResolver();
}
