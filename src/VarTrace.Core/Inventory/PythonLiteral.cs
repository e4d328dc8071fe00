using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using VarTrace.Core.Model;
using VarTrace.Core.Values;

namespace VarTrace.Core.Inventory;

/// <summary>
/// Python's <c>ast.literal_eval</c> as CPython 3.11 (the interpreter of ansible-core 2.14 on Debian
/// bookworm) runs it for the INI inventory plugin's <c>_parse_value</c>. Anything that is not a literal
/// or not valid Python makes <c>literal_eval</c> raise <c>ValueError</c>/<c>SyntaxError</c>, which the
/// plugin catches to keep the raw text: <see cref="Evaluate"/> returns null for all of those.
/// </summary>
/// <remarks>
/// Representation choices, because <see cref="AnsibleValue"/> has no Python tuple, set or bytes:
/// a tuple becomes a list (JSON and templates show it as one); a set becomes a list of its distinct
/// members in source order (Python's own iteration order depends on hashes, and ansible-inventory cannot
/// even print a set); top-level bytes become text, as the plugin's <c>to_text</c> does. Literals that
/// have no faithful representation (complex numbers, <c>...</c>, bytes nested in a container, bytes that
/// are not UTF-8, <c>\N{name}</c> escapes) and <c>TypeError</c>s that make the plugin itself fail
/// (an unhashable dict key or set member) raise <see cref="VarTraceException"/>.
/// </remarks>
internal static class PythonLiteral
{
    /// <summary>CPython's tokenizer rejects deeper bracket nesting ("too many nested parentheses").</summary>
    private const int MaxNesting = 200;

    /// <summary>CPython 3.11's <c>sys.int_info.default_max_str_digits</c>: longer decimal literals are a SyntaxError.</summary>
    private const int MaxDecimalDigits = 4300;

    // The number grammar of CPython's tokenizer (Lib/tokenize.py), tried longest form first.
    private static readonly Regex NumberToken = new(
        @"\G(?:
            (?<imag>(?:[0-9](?:_?[0-9])*\.(?:[0-9](?:_?[0-9])*)?|\.[0-9](?:_?[0-9])*)(?:[eE][-+]?[0-9](?:_?[0-9])*)?[jJ]
                   |[0-9](?:_?[0-9])*[eE][-+]?[0-9](?:_?[0-9])*[jJ]
                   |[0-9](?:_?[0-9])*[jJ])
           |(?<float>(?:[0-9](?:_?[0-9])*\.(?:[0-9](?:_?[0-9])*)?|\.[0-9](?:_?[0-9])*)(?:[eE][-+]?[0-9](?:_?[0-9])*)?
                   |[0-9](?:_?[0-9])*[eE][-+]?[0-9](?:_?[0-9])*)
           |(?<hex>0[xX](?:_?[0-9a-fA-F])+)
           |(?<oct>0[oO](?:_?[0-7])+)
           |(?<bin>0[bB](?:_?[01])+)
           |(?<dec>0(?:_?0)*|[1-9](?:_?[0-9])*))",
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    /// <summary>
    /// The value <c>ast.literal_eval(<paramref name="text"/>)</c> produces, or null when it raises
    /// <c>ValueError</c> or <c>SyntaxError</c> (the caller keeps the raw text).
    /// </summary>
    /// <exception cref="VarTraceException">A literal VarTrace cannot represent, or a <c>TypeError</c>, at <paramref name="location"/>.</exception>
    /// <param name="text">The text.</param>
    /// <param name="location">Where errors are reported.</param>
    /// <param name="jsonNames">Also accept JSON's <c>true</c>, <c>false</c> and <c>null</c>, as the
    /// <c>Json2Python</c> transformer of Ansible 2.14's <c>ansible_eval_concat</c> does.</param>
    public static AnsibleValue? Evaluate(string text, SourceLocation location, bool jsonNames = false)
    {
        // literal_eval strips leading spaces and tabs only; null characters make compile() raise ValueError.
        if (text.Contains('\0')) return null;
        var parser = new Parser(text.TrimStart(' ', '\t')) { JsonNames = jsonNames };
        var node = parser.ParseInput();
        if (node is null) return null;
        var converter = new Converter(location);
        var result = converter.Convert(node);
        if (result is null) return null;
        if (result.Value.Kind == ValueKind.Bytes)
        {
            // to_text(v, nonstring='passthru') decodes top-level bytes.
            return new AnsibleString(DecodeUtf8(result.Value.Bytes!, location));
        }

        return result.Value.ToAnsible(location);
    }

    /// <summary>
    /// Python's <c>int(text)</c> for a string: surrounding whitespace, an optional sign, decimal digits
    /// with single underscores between them. Null where Python raises <c>ValueError</c>.
    /// </summary>
    public static BigInteger? ParseIntConstructor(string text)
    {
        var s = InventoryText.PyStrip(text);
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.Length == 0 || s[0] == '_' || s[^1] == '_' || s.Contains("__", StringComparison.Ordinal)) return null;
        var digits = s.Replace("_", string.Empty, StringComparison.Ordinal);
        if (digits.Length > MaxDecimalDigits || !digits.All(char.IsAsciiDigit)) return null;
        var value = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    private static string DecodeUtf8(byte[] bytes, SourceLocation location)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new VarTraceException(location, "the value is a bytes literal that is not UTF-8, which VarTrace cannot represent");
        }
    }

    private enum ValueKind
    {
        Int,
        Float,
        Complex,
        Bool,
        None,
        Str,
        Bytes,

        /// <summary>A str with a <c>\N{name}</c> escape: valid Python whose text VarTrace cannot compute.</summary>
        NamedEscapeStr,
        Ellipsis,
        Tuple,
        List,
        Set,
        Dict,
    }

    /// <summary>A converted Python object, before it becomes an <see cref="AnsibleValue"/>.</summary>
    private readonly record struct PyValue(
        ValueKind Kind,
        BigInteger Int = default,
        double Float = 0,
        string? Str = null,
        byte[]? Bytes = null,
        List<PyValue>? Items = null,
        List<KeyValuePair<PyValue, PyValue>>? Entries = null)
    {
        public bool IsHashable => Kind switch
        {
            ValueKind.List or ValueKind.Set or ValueKind.Dict => false,
            ValueKind.Tuple => Items!.All(static i => i.IsHashable),
            _ => true,
        };

        public AnsibleValue ToAnsible(SourceLocation location) => Kind switch
        {
            ValueKind.Int => AnsibleInt.Of(Int),
            ValueKind.Float => new AnsibleFloat(Float),
            ValueKind.Bool => AnsibleBool.Of(Int != 0),
            ValueKind.None => AnsibleNull.Instance,
            ValueKind.Str => new AnsibleString(Str!),
            ValueKind.Tuple or ValueKind.List or ValueKind.Set => new AnsibleList([.. Items!.Select(i => i.ToAnsible(location))]),
            ValueKind.Dict => new AnsibleDict([.. Entries!.Select(e => new KeyValuePair<AnsibleValue, AnsibleValue>(e.Key.ToAnsible(location), e.Value.ToAnsible(location)))]),
            ValueKind.Bytes => throw new VarTraceException(location, "the value holds a bytes literal inside a container, which VarTrace cannot represent"),
            ValueKind.NamedEscapeStr => throw new VarTraceException(location, "the value uses a `\\N{...}` escape, which VarTrace cannot evaluate"),
            ValueKind.Complex => throw new VarTraceException(location, "the value is a Python complex number, which VarTrace cannot represent"),
            _ => throw new VarTraceException(location, "the value is Python's Ellipsis (`...`), which VarTrace cannot represent"),
        };

        /// <summary>Python's <c>==</c> for hashable values: numbers compare by value across int, bool and float.</summary>
        public bool PyEquals(PyValue other)
        {
            if (IsNumber && other.IsNumber)
            {
                if (Kind != ValueKind.Float && other.Kind != ValueKind.Float) return Int == other.Int;
                if (Kind == ValueKind.Float && other.Kind == ValueKind.Float) return Float.Equals(other.Float) && !double.IsNaN(Float);
                var (f, i) = Kind == ValueKind.Float ? (Float, other.Int) : (other.Float, Int);
                return double.IsFinite(f) && Math.Floor(f) == f && new BigInteger(f) == i;
            }

            if (Kind != other.Kind) return false;
            return Kind switch
            {
                ValueKind.Str or ValueKind.NamedEscapeStr => Str == other.Str,
                ValueKind.Bytes => Bytes!.AsSpan().SequenceEqual(other.Bytes),
                ValueKind.Tuple => Items!.Count == other.Items!.Count && Items.Zip(other.Items).All(static p => p.First.PyEquals(p.Second)),
                _ => true, // None, Ellipsis: singletons
            };
        }

        private bool IsNumber => Kind is ValueKind.Int or ValueKind.Float or ValueKind.Bool;
    }

    /// <summary>The subset of Python's expression AST that <c>literal_eval</c> looks at.</summary>
    private abstract record Node;

    private sealed record ConstNode(PyValue Value) : Node;

    private sealed record SequenceNode(ValueKind Kind, List<Node> Items) : Node;

    private sealed record DictNode(List<Node> Keys, List<Node> Values) : Node;

    private sealed record UnaryNode(bool Negate, Node Operand) : Node;

    private sealed record BinaryNode(bool Subtract, Node Left, Node Right) : Node;

    /// <summary>
    /// Recursive descent over the grammar of an <c>eval</c> input restricted to what can be a literal.
    /// Any other construct is rejected: valid Python that is not a literal makes literal_eval raise
    /// ValueError, invalid Python raises SyntaxError, and both keep the raw text.
    /// </summary>
    private sealed class Parser(string text)
    {
        public bool JsonNames { get; init; }

        private int _pos;
        private int _depth;

        public Node? ParseInput()
        {
            var node = ParseTupleOrExpression(allowEmpty: false);
            SkipSpace();

            // compile(mode='eval') accepts trailing line breaks after the expression.
            while (_pos < text.Length && text[_pos] is '\n' or '\r')
            {
                _pos++;
                SkipSpace();
            }

            return node is not null && _pos == text.Length ? node : null;
        }

        private void SkipSpace()
        {
            while (true)
            {
                // Inside brackets the tokenizer ignores line breaks (implicit line joining).
                while (_pos < text.Length && (text[_pos] is ' ' or '\t' or '\f' || (_depth > 0 && text[_pos] is '\n' or '\r'))) _pos++;
                if (_pos >= text.Length || text[_pos] != '#') return;

                // A comment runs to the end of the line.
                var end = text.IndexOfAny(['\n', '\r'], _pos);
                _pos = end < 0 || _depth == 0 ? text.Length : end;
            }
        }

        private bool Accept(char c)
        {
            SkipSpace();
            if (_pos < text.Length && text[_pos] == c)
            {
                _pos++;
                return true;
            }

            return false;
        }

        private bool AtClosing()
        {
            SkipSpace();
            return _pos >= text.Length || text[_pos] is ')' or ']' or '}';
        }

        /// <summary><c>expressions</c>: one expression, or a comma list (a tuple, trailing comma allowed).</summary>
        private Node? ParseTupleOrExpression(bool allowEmpty)
        {
            if (AtClosing()) return allowEmpty ? new SequenceNode(ValueKind.Tuple, []) : null;
            var first = ParseSum();
            if (first is null) return null;
            if (!Accept(',')) return first;
            var items = new List<Node> { first };
            while (!AtClosing())
            {
                var next = ParseSum();
                if (next is null) return null;
                items.Add(next);
                if (!Accept(',')) break;
            }

            return new SequenceNode(ValueKind.Tuple, items);
        }

        private Node? ParseSum()
        {
            var left = ParseUnary();
            while (left is not null)
            {
                SkipSpace();
                if (_pos >= text.Length || text[_pos] is not ('+' or '-')) break;
                var subtract = text[_pos++] == '-';
                var right = ParseUnary();
                left = right is null ? null : new BinaryNode(subtract, left, right);
            }

            return left;
        }

        private Node? ParseUnary()
        {
            SkipSpace();
            if (_pos < text.Length && text[_pos] is '+' or '-')
            {
                var negate = text[_pos++] == '-';
                if (!Enter()) return null;
                var operand = ParseUnary();
                _depth--;
                return operand is null ? null : new UnaryNode(negate, operand);
            }

            return ParseAtom();
        }

        private bool Enter() => ++_depth <= MaxNesting;

        private Node? ParseAtom()
        {
            SkipSpace();
            if (_pos >= text.Length) return null;
            var c = text[_pos];
            switch (c)
            {
                case '(':
                    {
                        _pos++;
                        if (!Enter()) return null;
                        var inner = ParseTupleOrExpression(allowEmpty: true);
                        _depth--;
                        return inner is not null && Accept(')') ? inner : null;
                    }

                case '[':
                    {
                        _pos++;
                        if (!Enter()) return null;
                        var items = ParseElements(']');
                        _depth--;
                        return items is null ? null : new SequenceNode(ValueKind.List, items);
                    }

                case '{':
                    _pos++;
                    if (!Enter()) return null;
                    var braces = ParseBraces();
                    _depth--;
                    return braces;
                case '.' when text.AsSpan(_pos).StartsWith("..."):
                    _pos += 3;
                    return new ConstNode(new PyValue(ValueKind.Ellipsis));
                case '\'' or '"':
                    return ParseStrings();
            }

            if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < text.Length && char.IsAsciiDigit(text[_pos + 1]))) return ParseNumber();
            if (IsIdentifierStart(c)) return ParseNameOrPrefixedString();
            return null;
        }

        private List<Node>? ParseElements(char closing)
        {
            var items = new List<Node>();
            while (!Accept(closing))
            {
                var item = ParseSum();
                if (item is null) return null;
                items.Add(item);
                if (!Accept(',')) return Accept(closing) ? items : null;
            }

            return items;
        }

        private Node? ParseBraces()
        {
            if (Accept('}')) return new DictNode([], []);
            var first = ParseSum();
            if (first is null) return null;
            if (!Accept(':'))
            {
                if (Accept('}')) return new SequenceNode(ValueKind.Set, [first]);
                if (!Accept(',')) return null;
                var rest = ParseElements('}');
                return rest is null ? null : new SequenceNode(ValueKind.Set, [first, .. rest]);
            }

            var keys = new List<Node> { first };
            var values = new List<Node>();
            while (true)
            {
                var value = ParseSum();
                if (value is null) return null;
                values.Add(value);
                if (!Accept(',')) return Accept('}') ? new DictNode(keys, values) : null;
                if (Accept('}')) return new DictNode(keys, values);
                var key = ParseSum();
                if (key is null || !Accept(':')) return null;
                keys.Add(key);
            }
        }

        private Node? ParseNumber()
        {
            var match = NumberToken.Match(text, _pos);
            if (!match.Success) return null;
            var end = _pos + match.Length;

            // "1abc", "0x1g", "1_" and "0755" are SyntaxErrors: a number may not run into a name character.
            if (end < text.Length && IsIdentifierPart(text[end])) return null;
            var token = match.Value.Replace("_", string.Empty, StringComparison.Ordinal);
            _pos = end;
            if (match.Groups["imag"].Success) return new ConstNode(new PyValue(ValueKind.Complex));
            if (match.Groups["float"].Success)
            {
                return new ConstNode(new PyValue(ValueKind.Float, Float: double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture)));
            }

            if (match.Groups["dec"].Success)
            {
                if (token.Length > MaxDecimalDigits) return null;
                return new ConstNode(new PyValue(ValueKind.Int, Int: BigInteger.Parse(token, NumberStyles.None, CultureInfo.InvariantCulture)));
            }

            var radix = match.Groups["hex"].Success ? 16 : match.Groups["oct"].Success ? 8 : 2;
            var value = BigInteger.Zero;
            foreach (var digit in token.AsSpan(2))
            {
                value = (value * radix) + HexValue(digit);
            }

            return new ConstNode(new PyValue(ValueKind.Int, Int: value));
        }

        private Node? ParseNameOrPrefixedString()
        {
            var start = _pos;
            while (_pos < text.Length && IsIdentifierPart(text[_pos])) _pos++;
            var name = text[start.._pos];
            if (_pos < text.Length && text[_pos] is '\'' or '"')
            {
                _pos = start;
                return ParseStrings();
            }

            switch (name)
            {
                case "True": return new ConstNode(new PyValue(ValueKind.Bool, Int: 1));
                case "False": return new ConstNode(new PyValue(ValueKind.Bool, Int: 0));
                case "None": return new ConstNode(new PyValue(ValueKind.None));
                case "true" when JsonNames: return new ConstNode(new PyValue(ValueKind.Bool, Int: 1));
                case "false" when JsonNames: return new ConstNode(new PyValue(ValueKind.Bool, Int: 0));
                case "null" when JsonNames: return new ConstNode(new PyValue(ValueKind.None));
                case "set":
                    // literal_eval accepts exactly `set()`, the only way to write an empty set.
                    return Accept('(') && Accept(')') ? new SequenceNode(ValueKind.Set, []) : null;
                default:
                    return null;
            }
        }

        /// <summary>Adjacent string literals, concatenated as the compiler does; str and bytes cannot mix.</summary>
        private Node? ParseStrings()
        {
            var str = new StringBuilder();
            var bytes = new List<byte>();
            bool? isBytes = null;
            var namedEscape = false;
            while (true)
            {
                SkipSpace();
                var start = _pos;
                while (_pos < text.Length && char.IsAsciiLetter(text[_pos])) _pos++;
                if (_pos >= text.Length || text[_pos] is not ('\'' or '"'))
                {
                    _pos = start;
                    break;
                }

                var prefix = text[start.._pos].ToLowerInvariant();
                if (prefix is not ("" or "r" or "u" or "b" or "br" or "rb")) return null; // f-strings are not literals; "ur" is invalid
                var literalIsBytes = prefix.Contains('b');
                if (isBytes is { } known && known != literalIsBytes) return null;
                isBytes = literalIsBytes;
                if (!ReadStringBody(prefix.Contains('r'), literalIsBytes, str, bytes, ref namedEscape)) return null;
            }

            if (isBytes is null) return null;
            if (isBytes.Value) return new ConstNode(new PyValue(ValueKind.Bytes, Bytes: [.. bytes]));
            return new ConstNode(new PyValue(namedEscape ? ValueKind.NamedEscapeStr : ValueKind.Str, Str: str.ToString()));
        }

        private bool ReadStringBody(bool raw, bool isBytes, StringBuilder str, List<byte> bytes, ref bool namedEscape)
        {
            var quote = text[_pos];
            var triple = _pos + 2 < text.Length && text[_pos + 1] == quote && text[_pos + 2] == quote;
            _pos += triple ? 3 : 1;
            while (true)
            {
                if (_pos >= text.Length) return false; // unterminated
                var c = text[_pos];
                if (c == quote && (!triple || (_pos + 2 < text.Length && text[_pos + 1] == quote && text[_pos + 2] == quote)))
                {
                    _pos += triple ? 3 : 1;
                    return true;
                }

                if (isBytes && c > 0x7F) return false; // "bytes can only contain ASCII literal characters"
                if (c != '\\')
                {
                    Append(c);
                    _pos++;
                    continue;
                }

                if (_pos + 1 >= text.Length) return false;
                var next = text[_pos + 1];
                if (raw)
                {
                    // In a raw literal the backslash stays and only stops the next character from closing it.
                    if (isBytes && next > 0x7F) return false;
                    Append('\\');
                    Append(next);
                    _pos += 2;
                    continue;
                }

                _pos += 2;
                switch (next)
                {
                    case '\\' or '\'' or '"': Append(next); break;
                    case 'a': Append('\a'); break;
                    case 'b': Append('\b'); break;
                    case 'f': Append('\f'); break;
                    case 'n': Append('\n'); break;
                    case 'r': Append('\r'); break;
                    case 't': Append('\t'); break;
                    case 'v': Append('\v'); break;
                    case >= '0' and <= '7':
                        {
                            var value = next - '0';
                            for (var i = 0; i < 2 && _pos < text.Length && text[_pos] is >= '0' and <= '7'; i++) value = (value * 8) + (text[_pos++] - '0');
                            if (isBytes) bytes.Add((byte)(value & 0xFF));
                            else str.Append((char)value);
                            break;
                        }

                    case 'x':
                        {
                            if (!ReadHex(2, out var value)) return false;
                            if (isBytes) bytes.Add((byte)value);
                            else str.Append((char)value);
                            break;
                        }

                    case 'u' or 'U' when !isBytes:
                        {
                            if (!ReadHex(next == 'u' ? 4 : 8, out var value) || value > 0x10FFFF) return false;
                            if (value <= 0xFFFF) str.Append((char)value);
                            else str.Append(char.ConvertFromUtf32((int)value));
                            break;
                        }

                    case 'N' when !isBytes:
                        {
                            // \N{name} needs the Unicode name table; an unknown name is a SyntaxError.
                            var close = text.IndexOf('}', _pos);
                            if (_pos >= text.Length || text[_pos] != '{' || close < 0) return false;
                            _pos = close + 1;
                            namedEscape = true;
                            break;
                        }

                    default:
                        // An unknown escape keeps its backslash (a DeprecationWarning in 3.11, not an error).
                        if (isBytes && next > 0x7F) return false;
                        Append('\\');
                        Append(next);
                        break;
                }
            }

            void Append(char ch)
            {
                if (isBytes) bytes.Add((byte)ch);
                else str.Append(ch);
            }
        }

        private bool ReadHex(int count, out long value)
        {
            value = 0;
            if (_pos + count > text.Length) return false;
            for (var i = 0; i < count; i++)
            {
                var digit = text[_pos + i];
                if (!char.IsAsciiHexDigit(digit)) return false;
                value = (value * 16) + HexValue(digit);
            }

            _pos += count;
            return true;
        }

        private static int HexValue(char digit) => digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10;

        // CPython's tokenizer: ASCII letters, digits, `_` and every non-ASCII character may continue a name.
        private static bool IsIdentifierStart(char c) => c == '_' || char.IsAsciiLetter(c) || c >= 128;

        private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c);
    }

    /// <summary><c>literal_eval</c>'s <c>_convert</c>, step for step (the order decides ValueError versus TypeError).</summary>
    private sealed class Converter(SourceLocation location)
    {
        public PyValue? Convert(Node node)
        {
            switch (node)
            {
                case ConstNode constant:
                    return constant.Value;
                case SequenceNode sequence:
                    {
                        var items = new List<PyValue>();
                        foreach (var item in sequence.Items)
                        {
                            if (Convert(item) is not { } value) return null;
                            if (sequence.Kind == ValueKind.Set)
                            {
                                if (!value.IsHashable) throw Unhashable(value);
                                if (items.Any(v => v.PyEquals(value))) continue;
                            }

                            items.Add(value);
                        }

                        return new PyValue(sequence.Kind, Items: items);
                    }

                case DictNode dict:
                    {
                        var entries = new List<KeyValuePair<PyValue, PyValue>>();
                        for (var i = 0; i < dict.Keys.Count; i++)
                        {
                            if (Convert(dict.Keys[i]) is not { } key || Convert(dict.Values[i]) is not { } value) return null;
                            if (!key.IsHashable) throw Unhashable(key);

                            // A repeated key keeps its first position and first key object, and takes the new value.
                            var existing = entries.FindIndex(e => e.Key.PyEquals(key));
                            if (existing >= 0) entries[existing] = new(entries[existing].Key, value);
                            else entries.Add(new(key, value));
                        }

                        return new PyValue(ValueKind.Dict, Entries: entries);
                    }

                case BinaryNode binary:
                    {
                        // Only real ± imaginary (a complex number) is a literal.
                        var left = ConvertSignedNumber(binary.Left);
                        var right = ConvertNumber(binary.Right);
                        if (left is { Kind: ValueKind.Int or ValueKind.Float } && right is { Kind: ValueKind.Complex })
                        {
                            return new PyValue(ValueKind.Complex);
                        }

                        return null;
                    }

                default:
                    return ConvertSignedNumber(node);
            }
        }

        private static PyValue? ConvertSignedNumber(Node node)
        {
            if (node is not UnaryNode unary) return ConvertNumber(node);
            if (ConvertNumber(unary.Operand) is not { } operand) return null;
            if (!unary.Negate) return operand;
            return operand.Kind switch
            {
                ValueKind.Int => operand with { Int = -operand.Int },
                ValueKind.Float => operand with { Float = -operand.Float },
                _ => operand,
            };
        }

        private static PyValue? ConvertNumber(Node node) =>
            node is ConstNode { Value.Kind: ValueKind.Int or ValueKind.Float or ValueKind.Complex } constant ? constant.Value : null;

        private VarTraceException Unhashable(PyValue value) =>
            new(location, $"the value uses an unhashable {(value.Kind == ValueKind.Tuple ? "tuple" : value.Kind.ToString().ToLowerInvariant())} as a dict key or set member, which makes Ansible's INI plugin fail");
    }
}
