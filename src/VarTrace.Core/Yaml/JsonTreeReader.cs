using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;
using VarTrace.Core.Model;
using VarTrace.Core.Values;

namespace VarTrace.Core.Yaml;

/// <summary>
/// Python's <c>json.loads</c> (strict mode) with Ansible's <c>AnsibleJSONDecoder</c> hooks, building
/// the same node tree as the YAML reader so locations survive. Any failure returns null: Ansible
/// then falls back to YAML, which reports the real problem.
/// </summary>
internal sealed class JsonTreeReader
{
    private readonly string _text;
    private readonly string _path;
    private readonly int _maxDepth;
    private int _position;
    private int _line = 1;
    private int _lineStart;

    private JsonTreeReader(string text, string path, int maxDepth)
    {
        _text = text;
        _path = path;
        _maxDepth = maxDepth;
    }

    /// <summary>The single JSON document in <paramref name="text"/>, or null when it is not JSON (or nests deeper than <paramref name="maxDepth"/>: the YAML reader then says so).</summary>
    public static YamlNode? TryRead(string text, string path, int maxDepth)
    {
        var reader = new JsonTreeReader(text, path, maxDepth);
        try
        {
            reader.SkipWhitespace();
            var node = reader.ReadValue(depth: 0);
            reader.SkipWhitespace();
            return reader._position == text.Length ? node : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private SourceLocation Here => new(_path, _line, _position - _lineStart + 1);

    private YamlNode ReadValue(int depth)
    {
        if (depth >= _maxDepth || _position >= _text.Length) throw new FormatException();
        var start = Here;
        var c = _text[_position];
        switch (c)
        {
            case '{':
                return ReadObject(start, depth);
            case '[':
                return ReadArray(start, depth);
            case '"':
                var text = ReadString();
                return new YamlScalarNode(start, text, isPlain: false, new AnsibleString(text));
            default:
                if (TryLiteral("true")) return Scalar(start, "true", AnsibleBool.True);
                if (TryLiteral("false")) return Scalar(start, "false", AnsibleBool.False);
                if (TryLiteral("null")) return Scalar(start, "null", AnsibleNull.Instance);
                if (TryLiteral("NaN")) return Scalar(start, "NaN", new AnsibleFloat(double.NaN));
                if (TryLiteral("Infinity")) return Scalar(start, "Infinity", new AnsibleFloat(double.PositiveInfinity));
                if (TryLiteral("-Infinity")) return Scalar(start, "-Infinity", new AnsibleFloat(double.NegativeInfinity));
                return ReadNumber(start);
        }
    }

    private static YamlScalarNode Scalar(SourceLocation start, string text, AnsibleValue value) => new(start, text, isPlain: true, value);

    private YamlNode ReadObject(SourceLocation start, int depth)
    {
        _position++;
        var entries = new List<YamlMappingEntry>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            return new YamlMappingNode(start, []);
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"') throw new FormatException();
            var keyStart = Here;
            var key = ReadString();
            SkipWhitespace();
            Expect(':');
            SkipWhitespace();
            var value = ReadValue(depth + 1);
            var entry = new YamlMappingEntry(new YamlScalarNode(keyStart, key, isPlain: false, new AnsibleString(key)), value);

            // A Python dict keeps a repeated key in its first slot with the last value.
            if (index.TryGetValue(key, out var existing)) entries[existing] = entry;
            else
            {
                index[key] = entries.Count;
                entries.Add(entry);
            }

            SkipWhitespace();
            if (Peek() == ',')
            {
                _position++;
                continue;
            }

            Expect('}');
            break;
        }

        return DecoderHook(new YamlMappingNode(start, [.. entries]));
    }

    /// <summary>AnsibleJSONDecoder turns <c>{"__ansible_vault": ...}</c> and <c>{"__ansible_unsafe": ...}</c> back into their objects.</summary>
    private static YamlNode DecoderHook(YamlMappingNode mapping)
    {
        if (mapping.Entries.Length != 1 || mapping.Entries[0].Value.Value is not AnsibleString text) return mapping;
        return ((AnsibleString)mapping.Entries[0].Key.Value).Value switch
        {
            "__ansible_vault" => new YamlScalarNode(mapping.Start, text.Value, isPlain: false, new AnsibleVault(text.Value)),
            "__ansible_unsafe" => new YamlScalarNode(mapping.Start, text.Value, isPlain: false, new AnsibleString(text.Value, isUnsafe: true)),
            _ => mapping,
        };
    }

    private YamlNode ReadArray(SourceLocation start, int depth)
    {
        _position++;
        var items = ImmutableArray.CreateBuilder<YamlNode>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            _position++;
            return new YamlSequenceNode(start, []);
        }

        while (true)
        {
            SkipWhitespace();
            items.Add(ReadValue(depth + 1));
            SkipWhitespace();
            if (Peek() == ',')
            {
                _position++;
                continue;
            }

            Expect(']');
            break;
        }

        return new YamlSequenceNode(start, items.ToImmutable());
    }

    private YamlNode ReadNumber(SourceLocation start)
    {
        // json.scanner NUMBER_RE: -?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?
        var begin = _position;
        if (Peek() == '-') _position++;
        if (Peek() == '0') _position++;
        else if (IsDigit(Peek())) while (IsDigit(Peek())) _position++;
        else throw new FormatException();
        var isFloat = false;
        if (Peek() == '.' && _position + 1 < _text.Length && IsDigit(_text[_position + 1]))
        {
            isFloat = true;
            _position++;
            while (IsDigit(Peek())) _position++;
        }

        if (Peek() is 'e' or 'E')
        {
            var save = _position;
            _position++;
            if (Peek() is '+' or '-') _position++;
            if (IsDigit(Peek()))
            {
                isFloat = true;
                while (IsDigit(Peek())) _position++;
            }
            else
            {
                _position = save;
            }
        }

        var text = _text[begin.._position];
        AnsibleValue value = isFloat
            ? new AnsibleFloat(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture))
            : AnsibleInt.Of(BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        return Scalar(start, text, value);
    }

    private string ReadString()
    {
        _position++;
        var builder = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length) throw new FormatException();
            var c = _text[_position++];
            if (c == '"') return builder.ToString();
            if (c < ' ') throw new FormatException(); // strict mode refuses raw control characters
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_position >= _text.Length) throw new FormatException();
            var escape = _text[_position++];
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_position + 4 > _text.Length || !int.TryParse(_text.AsSpan(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)) throw new FormatException();
                    builder.Append((char)code);
                    _position += 4;
                    break;
                default:
                    throw new FormatException();
            }
        }
    }

    private bool TryLiteral(string literal)
    {
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0) return false;
        _position += literal.Length;
        return true;
    }

    private void Expect(char c)
    {
        if (Peek() != c) throw new FormatException();
        _position++;
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private void SkipWhitespace()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '\n')
            {
                _line++;
                _lineStart = _position + 1;
            }
            else if (c is not (' ' or '\t' or '\r'))
            {
                return;
            }

            _position++;
        }
    }
}
