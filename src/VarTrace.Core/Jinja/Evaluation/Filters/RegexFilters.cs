using System.Collections.Immutable;
using System.Text.RegularExpressions;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation.Filters;

/// <summary>ansible-core 2.14's regex filters (<c>plugins/filter/core.py</c>) on <see cref="PythonRegex"/>.</summary>
internal static class RegexFilters
{
    /// <summary>Registers the filters.</summary>
    public static void Register(FunctionTable table)
    {
        table.Known(RegexReplace, "regex_replace");
        table.Known(RegexSearch, "regex_search");
        table.Known(RegexFindall, "regex_findall");
        table.Known(RegexEscape, "regex_escape");
    }

    /// <summary><c>regex_replace(pattern='', replacement='', ignorecase=False, multiline=False)</c>: <c>re.sub</c> on <c>str(value)</c>.</summary>
    private static AnsibleValue RegexReplace(FilterCall call)
    {
        FunctionArgs.Expect(call, "regex_replace", 4, "pattern", "replacement", "ignorecase", "multiline");
        var value = PythonOps.Str(call.Input);
        var regex = PythonRegex.Compile(FunctionArgs.Str(call, 0, "pattern") ?? string.Empty, FunctionArgs.Flag(call, 2, "ignorecase"), FunctionArgs.Flag(call, 3, "multiline"));
        var template = PythonRegex.Template(regex, FunctionArgs.Str(call, 1, "replacement") ?? string.Empty);
        var length = 0L;
        return new AnsibleString(PythonRegex.Run(() => regex.Replace(value, match =>
        {
            var text = template(match);
            length += text.Length;
            PythonOps.CheckLength(length + value.Length);
            return text;
        })));
    }

    /// <summary>
    /// <c>regex_search(regex, *groups, ignorecase=False, multiline=False)</c>: the match, or a list of the
    /// requested groups (<c>'\\1'</c>, <c>'\\g&lt;name&gt;'</c>); <c>None</c> without a match.
    /// </summary>
    private static AnsibleValue RegexSearch(FilterCall call)
    {
        var value = PythonOps.Str(call.Input);
        if (call.Arguments.IsEmpty) throw call.Error("regex_search() missing 1 required positional argument: 'regex'");
        var groups = new List<string>();
        foreach (var argument in call.Arguments[1..])
        {
            var text = PythonOps.Str(argument);
            if (text.StartsWith("\\g", StringComparison.Ordinal))
            {
                var match = Regex.Match(text, @"^\\g<(\S+)>", RegexOptions.None, PythonRegex.Timeout);
                if (!match.Success) throw call.Error("'NoneType' object has no attribute 'group'");
                groups.Add(match.Groups[1].Value);
            }
            else if (text.StartsWith('\\'))
            {
                var match = Regex.Match(text, @"^\\(\d+)", RegexOptions.None, PythonRegex.Timeout);
                if (!match.Success) throw call.Error("'NoneType' object has no attribute 'group'");
                groups.Add(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                throw call.Error("Unknown argument");
            }
        }

        var regex = PythonRegex.Compile(PythonOps.Str(call.Arguments[0]), Flag(call, "ignorecase"), Flag(call, "multiline"));
        var found = PythonRegex.Run(() => regex.Match(value));
        if (!found.Success) return AnsibleNull.Instance;
        if (groups.Count == 0) return new AnsibleString(found.Value);
        var results = ImmutableArray.CreateBuilder<AnsibleValue>(groups.Count);
        foreach (var group in groups)
        {
            var g = int.TryParse(group, out var n) ? (n < regex.GetGroupNumbers().Length ? found.Groups[n] : null) : (regex.GroupNumberFromName(group) >= 0 ? found.Groups[group] : null);
            if (g is null) throw call.Error(int.TryParse(group, out _) ? "no such group" : "no such group");
            results.Add(g.Success ? new AnsibleString(g.Value) : AnsibleNull.Instance);
        }

        return new AnsibleList(results.MoveToImmutable());
    }

    private static bool Flag(FilterCall call, string keyword) =>
        call.Keywords.TryGetValue(keyword, out var value) && PythonOps.Truthy(value) == true;

    /// <summary><c>regex_findall(regex, multiline=False, ignorecase=False)</c>: <c>re.findall</c> (whole matches, the one group, or tuples of groups).</summary>
    private static AnsibleValue RegexFindall(FilterCall call)
    {
        var value = PythonOps.Str(call.Input);
        var pattern = FunctionArgs.Str(call, 0, "regex") ?? throw call.Error("regex_findall() missing 1 required positional argument: 'regex'");
        var regex = PythonRegex.Compile(pattern, FunctionArgs.Flag(call, 2, "ignorecase"), FunctionArgs.Flag(call, 1, "multiline"));
        var groupCount = regex.GetGroupNumbers().Length - 1;
        return PythonRegex.Run(() =>
        {
            var results = new List<AnsibleValue>();
            foreach (Match match in regex.Matches(value))
            {
                results.Add(groupCount switch
                {
                    0 => new AnsibleString(match.Value),
                    1 => new AnsibleString(match.Groups[1].Value),
                    _ => new AnsibleList([.. Enumerable.Range(1, groupCount).Select(i => (AnsibleValue)new AnsibleString(match.Groups[i].Value))]),
                });
                PythonOps.CheckItems(results.Count);
            }

            return (AnsibleValue)new AnsibleList([.. results]);
        });
    }

    /// <summary><c>regex_escape(re_type='python')</c>: <c>re.escape</c>, or the POSIX BRE special characters.</summary>
    private static AnsibleValue RegexEscape(FilterCall call)
    {
        var value = PythonOps.Str(call.Input);
        var type = FunctionArgs.Str(call, 0, "re_type") ?? "python";
        return type switch
        {
            "python" => new AnsibleString(PythonRegex.Escape(value)),
            "posix_basic" => new AnsibleString(PythonRegex.Run(() => PosixBasicSpecial.Replace(value, @"\$1"))),
            "posix_extended" => throw call.Error($"Regex type ({type}) not yet implemented"),
            _ => throw call.Error($"Invalid regex type ({type})"),
        };
    }

    private static readonly Regex PosixBasicSpecial = new(@"([\].[^$*\\])", RegexOptions.None, PythonRegex.Timeout);
}
