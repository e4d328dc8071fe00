using System.Collections.Immutable;
using System.Text;
using VarTrace.Core.Model;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Project;

/// <summary>
/// Parses <c>-e</c> arguments as ansible-core 2.14's <c>load_extra_vars</c> does: <c>@file</c> and
/// text starting with <c>{</c> or <c>[</c> are YAML (typed); anything else is <c>key=value</c> pairs
/// whose values all stay strings.
/// </summary>
public static class ExtraVars
{
    /// <summary>Parses the <paramref name="index"/>-th (0-based) <c>-e</c> argument.</summary>
    /// <exception cref="VarTraceException">The argument is not a mapping, or its file cannot be read.</exception>
    public static (string Origin, ImmutableArray<Assignment> Assignments) Parse(string argument, int index, ProjectFiles files, string currentDirectory)
    {
        var origin = $"-e #{index + 1}";
        var commandLine = SourceLocation.WholeFile($"(command line {origin})");
        if (argument.StartsWith('@'))
        {
            var path = files.ToRelative(argument[1..], currentDirectory)
                ?? throw new VarTraceException(null, $"extra vars file `{argument[1..]}` is outside the project; VarTrace reads only the checkout");
            var vars = VarsFiles.Read(files, path);
            return ($"{origin} @{path}", vars.Assignments);
        }

        var trimmed = argument.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            var yaml = AnsibleDataLoader.Load(argument, commandLine.File);
            if (yaml.Documents.Length != 1 || yaml.Documents[0] is not YamlMappingNode mapping)
            {
                throw new VarTraceException(commandLine, "extra vars must be a mapping");
            }

            return (origin, VarsFiles.ToAssignments(mapping));
        }

        return (origin, [.. SplitPairs(argument, commandLine)]);
    }

    private static IEnumerable<Assignment> SplitPairs(string argument, SourceLocation location)
    {
        foreach (var token in SplitArgs(argument, location))
        {
            var equals = token.IndexOf('=');
            if (equals <= 0)
            {
                throw new VarTraceException(location, $"extra vars `{token}` is not `key=value`, `@file` or JSON");
            }

            yield return new Assignment(token[..equals], new AnsibleString(Unquote(token[(equals + 1)..])), location);
        }
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0] ? value[1..^1] : value;

    /// <summary>Splits on whitespace outside quotes, keeping the quotes (as Ansible's <c>split_args</c>).</summary>
    private static IEnumerable<string> SplitArgs(string text, SourceLocation location)
    {
        var current = new StringBuilder();
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is null && char.IsWhiteSpace(c))
            {
                if (current.Length > 0) yield return current.ToString();
                current.Clear();
                continue;
            }

            if (c is '"' or '\'')
            {
                if (quote is null) quote = c;
                else if (quote == c) quote = null;
            }

            current.Append(c);
        }

        if (quote is not null) throw new VarTraceException(location, "extra vars have an unclosed quote");
        if (current.Length > 0) yield return current.ToString();
    }
}
