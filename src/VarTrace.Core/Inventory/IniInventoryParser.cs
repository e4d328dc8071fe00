using System.Text.RegularExpressions;
using VarTrace.Core.Model;
using VarTrace.Core.Values;

namespace VarTrace.Core.Inventory;

/// <summary>
/// ansible-core 2.14's INI inventory plugin (<c>plugins/inventory/ini.py</c>). Where Ansible rejects a
/// file (it then only warns and skips the source) VarTrace stops with the error, because an
/// inventory it cannot read makes every answer wrong.
/// </summary>
internal sealed class IniInventoryParser(InventoryBuilder builder, string path)
{
    private static readonly Regex Section = new(@"^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:\#.*)?$", RegexOptions.CultureInvariant);
    private static readonly Regex GroupName = new(@"^([^:\]\s]+)\s*(?:\#.*)?$", RegexOptions.CultureInvariant);

    private readonly OrderedDictionary<string, PendingDeclaration> _pending = new(StringComparer.Ordinal);
    private InventoryData Data => builder.Data;

    /// <summary>Reads the file's text into the inventory.</summary>
    /// <exception cref="VarTraceException">A line Ansible's INI plugin rejects.</exception>
    public void Parse(string text)
    {
        // Lines before the first section are hosts of `ungrouped`.
        var group = "ungrouped";
        var state = "hosts";
        var lines = InventoryText.SplitLines(text);
        for (var index = 0; index < lines.Count; index++)
        {
            var line = InventoryText.PyStrip(lines[index]);
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            var indent = lines[index].IndexOf(line, StringComparison.Ordinal);
            SourceLocation At(int offset) => new(path, index + 1, indent + offset + 1);

            var section = Section.Match(line);
            if (section.Success)
            {
                // A name with characters Ansible deems invalid is kept as written: the default
                // TRANSFORM_INVALID_GROUP_CHARS=never only warns.
                group = section.Groups[1].Value;
                state = section.Groups[2].Success ? section.Groups[2].Value : "hosts";
                if (state is not ("hosts" or "children" or "vars"))
                {
                    throw new VarTraceException(At(0), $"section `{line}` has the unknown type `{state}` (expected hosts, children or vars)");
                }

                StartSection(group, state, At(1));
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                throw new VarTraceException(At(0), $"invalid section entry `{line}`: a section name cannot contain spaces, `:` or `]`");
            }

            switch (state)
            {
                case "hosts":
                    ParseHostLine(line, group, At);
                    break;
                case "vars":
                    ParseVariableLine(line, group, At(0));
                    break;
                default:
                    ParseChildLine(line, group, At(0));
                    break;
            }
        }

        // Declarations never resolved: Ansible reports the first one.
        if (_pending.Count > 0)
        {
            var (name, declaration) = _pending.First();
            throw new VarTraceException(
                declaration.Location,
                declaration.Parents.Count == 0
                    ? $"section `[{name}:vars]` is for the group `{name}`, which is not defined in a [{name}] or [{name}:children] section"
                    : $"section `[{declaration.Parents[^1]}:children]` includes the group `{name}`, which is not defined");
        }
    }

    /// <summary>
    /// A section header. <c>[g]</c> or <c>[g:children]</c> declares a group; <c>[g:vars]</c> alone does
    /// not, so it is remembered until a declaring header comes. Children named before their group was
    /// declared are attached when it is.
    /// </summary>
    private void StartSection(string group, string state, SourceLocation location)
    {
        if (!Data.Groups.ContainsKey(group))
        {
            if (state == "vars" && !_pending.ContainsKey(group)) _pending[group] = new PendingDeclaration(location, []);
            Data.GetOrAddGroup(group, location);
        }

        if (state != "vars" && _pending.Remove(group, out var declaration))
        {
            foreach (var parent in declaration.Parents) Data.AddChild(parent, group, declaration.Location);
        }
    }

    /// <summary><c>_parse_host_definition</c>: a host pattern, then <c>key=value</c> tokens split with shlex.</summary>
    private void ParseHostLine(string line, string group, Func<int, SourceLocation> at)
    {
        List<ShlexToken> tokens;
        try
        {
            tokens = InventoryText.ShlexSplit(line);
        }
        catch (FormatException e)
        {
            throw new VarTraceException(at(0), $"cannot split the host definition `{line}`: {e.Message}");
        }

        // The stripped line starts with neither whitespace nor `#`, so there is always a first token.
        var pattern = tokens[0];
        var hostLocation = at(pattern.Start);
        var (hosts, port) = builder.ExpandHostPattern(pattern.Text, hostLocation);
        if (port is null && InventoryText.PyStrip(pattern.Text).EndsWith(':'))
        {
            throw new VarTraceException(hostLocation, $"invalid host pattern `{pattern.Text}`: a trailing `:` is reserved for a port");
        }

        if (hosts.Any(static h => InventoryText.PyStrip(h) == "---"))
        {
            throw new VarTraceException(hostLocation, $"invalid host pattern `{pattern.Text}`: `---` is normally a sign that this is a YAML file");
        }

        // The plugin collects the pairs in a dict: a repeated key keeps its first position and last value.
        var variables = new OrderedDictionary<string, (AnsibleValue Value, SourceLocation Location)>(StringComparer.Ordinal);
        foreach (var token in tokens.Skip(1))
        {
            var location = at(token.Start);
            var equals = token.Text.IndexOf('=');
            if (equals < 0) throw new VarTraceException(location, $"expected a key=value host variable, got `{token.Text}`");
            variables[token.Text[..equals]] = (ParseValue(token.Text[(equals + 1)..], location), location);
        }

        foreach (var host in hosts)
        {
            builder.AddHost(host, group, port, hostLocation);
            foreach (var (name, (value, location)) in variables) builder.SetVariable(host, name, value, location);
        }
    }

    /// <summary><c>_parse_variable_definition</c>: everything after the first <c>=</c> is the value.</summary>
    private void ParseVariableLine(string line, string group, SourceLocation location)
    {
        var equals = line.IndexOf('=');
        if (equals < 0) throw new VarTraceException(location, $"expected key=value, got `{line}`");
        var name = InventoryText.PyStrip(line[..equals]);
        var value = ParseValue(InventoryText.PyStrip(line[(equals + 1)..]), location);
        InventoryBuilder.SetGroupVariable(Data.Groups[group], name, value, location);
    }

    /// <summary>A <c>[g:children]</c> line: a group name, which may be declared later in the file.</summary>
    private void ParseChildLine(string line, string group, SourceLocation location)
    {
        var match = GroupName.Match(line);
        if (!match.Success) throw new VarTraceException(location, $"expected a group name, got `{line}`");
        var child = match.Groups[1].Value;
        if (Data.Groups.ContainsKey(child)) Data.AddChild(group, child, location);
        else if (_pending.TryGetValue(child, out var declaration)) declaration.Parents.Add(group);
        else _pending[child] = new PendingDeclaration(location, [group]);
    }

    /// <summary><c>_parse_value</c>: <c>ast.literal_eval</c>, or the text itself when that raises.</summary>
    private static AnsibleValue ParseValue(string text, SourceLocation location) =>
        PythonLiteral.Evaluate(text, location) ?? new AnsibleString(text);

    /// <summary>
    /// A group used before it was declared: by a <c>[g:vars]</c> header (no parents) or as a child of
    /// <see cref="Parents"/>. Its location is where it was first used.
    /// </summary>
    private sealed record PendingDeclaration(SourceLocation Location, List<string> Parents);
}
