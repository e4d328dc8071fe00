using VarTrace.Core.Model;
using YamlDotNet.Core;

namespace VarTrace.Core.Yaml;

/// <summary>
/// Reads YAML the way Ansible's loader (PyYAML, YAML 1.1) sees it, on YamlDotNet's low-level parser.
/// </summary>
/// <remarks>
/// Ansible 2.14 loads YAML with <c>AnsibleLoader</c>: libyaml's parser (PyYAML's own when libyaml is
/// missing), PyYAML's YAML 1.1 resolver and <c>SafeConstructor</c>, and <c>AnsibleConstructor</c>
/// for <c>!unsafe</c>, <c>!vault</c> and duplicate keys. This reader reproduces what that loader
/// builds: implicit typing of plain scalars, merge keys, last-wins duplicate keys, shared aliases.
/// </remarks>
public static class YamlLoader
{
    /// <summary>The message of the error for an unquoted value that starts with <c>{{</c>.</summary>
    public const string UnquotedTemplateMessage = "a value starting with `{{` must be quoted: unquoted, YAML reads `{{ ... }}` as a mapping (write `x: \"{{ ... }}\"`)";

    /// <summary>
    /// Parses <paramref name="text"/> (the contents of <paramref name="path"/>, a project-relative
    /// path used in locations) into its documents.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="path">The project-relative path, for locations.</param>
    /// <param name="limits">What may be read (default <see cref="InputLimits.Default"/>).</param>
    /// <exception cref="VarTraceException">The text is not valid YAML, or is beyond the reader's limits.</exception>
    public static YamlFile Load(string text, string path, InputLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);

        // A byte-order mark starts many files saved on Windows; libyaml skips it.
        if (text.StartsWith('\uFEFF')) text = text[1..];
        RejectNonPrintable(text, path);

        var scanner = new Scanner(new StringReader(text), skipComments: true);
        var builder = new YamlTreeBuilder(new Parser(scanner), text, path, limits ?? InputLimits.Default);
        try
        {
            return new YamlFile(path, builder.ReadDocuments()) { DuplicateKeys = [.. builder.DuplicateKeys] };
        }
        catch (VarTraceException e) when (e.Location is { } at && StartsWithJinja(text, at))
        {
            // `x: {{ y }}` is a flow mapping whose key is a mapping: Ansible fails on it with a YAML
            // error. Say what the user meant and how to fix it.
            throw new VarTraceException(at with { Column = at.Column - 1 }, UnquotedTemplateMessage);
        }
        catch (YamlException e)
        {
            // A few YamlDotNet errors carry no position; the scanner then stands at the culprit
            // (a tab used as indentation, for one).
            var mark = e.Start.Equals(Mark.Empty) && e.End.Equals(Mark.Empty) ? scanner.CurrentPosition : e.Start;
            throw new VarTraceException(new SourceLocation(path, (int)mark.Line, (int)mark.Column), "YAML syntax error: " + Sentence(e.Message));
        }
    }

    private static bool StartsWithJinja(string text, SourceLocation at)
    {
        var lineStart = 0;
        for (var line = 1; line < at.Line && lineStart >= 0; line++) lineStart = text.IndexOf('\n', lineStart) + 1;
        var offset = lineStart + at.Column - 1;
        // The unhashable key is the inner mapping, which starts at the second brace.
        return lineStart >= 0 && offset >= 1 && offset < text.Length && text[offset] == '{' && text[offset - 1] == '{';
    }

    /// <summary>Turns <c>While scanning X, found Y.</c> into <c>while scanning X, found Y</c>.</summary>
    private static string Sentence(string message)
    {
        var text = message.Trim().TrimEnd('.');
        return text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1])
            ? char.ToLowerInvariant(text[0]) + text[1..]
            : text;
    }

    /// <summary>
    /// PyYAML's reader and libyaml refuse control characters (PyYAML's <c>NON_PRINTABLE</c>:
    /// anything but tab, line breaks, <c>U+0020</c>-<c>U+007E</c>, <c>U+0085</c>, <c>U+00A0</c>-<c>U+D7FF</c>,
    /// <c>U+E000</c>-<c>U+FFFD</c> and astral characters); YamlDotNet silently drops some of them.
    /// </summary>
    private static void RejectNonPrintable(string text, string path)
    {
        int line = 1, lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is (>= ' ' and <= '~') or '\t' or '\r') continue;
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
                continue;
            }

            if (c is '\u0085' or (>= '\u00A0' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD')) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            throw new VarTraceException(
                new SourceLocation(path, line, i - lineStart + 1),
                $"the character U+{(int)c:X4} is not allowed in YAML (control characters must be escaped in a double-quoted string)");
        }
    }
}
