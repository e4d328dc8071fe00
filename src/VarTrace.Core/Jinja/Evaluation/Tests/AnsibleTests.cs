using System.Numerics;
using System.Text.RegularExpressions;
using VarTrace.Core.Jinja.Evaluation.Filters;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation.Tests;

/// <summary>
/// ansible-core 2.14's <c>ansible.builtin</c> tests (<c>plugins/test/core.py</c>, <c>mathstuff.py</c>,
/// <c>files.py</c>). Task-result tests take a registered result, which VarTrace cannot know: their
/// unknown input gives an unknown verdict; a literal dict is tested as Ansible would.
/// </summary>
internal static partial class AnsibleTests
{
    /// <summary>Registers the tests.</summary>
    public static void Register(FunctionTable table)
    {
        table.Known(call => ResultFlag(call, "failed", "failed"), "failed", "failure");
        table.Known(call => PythonOps.Not(ResultFlag(call, "failed", "failed")), "succeeded", "success", "successful");
        table.Known(call => ResultFlag(call, "unreachable", "unreachable"), "unreachable");
        table.Known(call => PythonOps.Not(ResultFlag(call, "unreachable", "unreachable")), "reachable");
        table.Known(Changed, "changed", "change");
        table.Known(call => ResultFlag(call, "skipped", "skipped"), "skipped", "skip");
        table.Known(call => AsyncFlag(call, "finished"), "finished");
        table.Known(call => AsyncFlag(call, "started"), "started");
        table.Known(call => RegexTest(call, "search"), "search");
        table.Known(call => RegexTest(call, "match"), "match");
        table.Known(call => RegexTest(call, null), "regex");
        table.Known(VersionCompare, "version", "version_compare");
        table.Partial(call => AnyAll(call, all: false), "any");
        table.Partial(call => AnyAll(call, all: true), "all");
        table.Partial(call => Truthy(call, negate: false), "truthy");
        table.Partial(call => Truthy(call, negate: true), "falsy");
        table.Partial(call => AnsibleBool.Of(call.Input is AnsibleVault), "vault_encrypted");
        table.Known(call => SubsetTest(call, superset: false), "subset", "issubset");
        table.Known(call => SubsetTest(call, superset: true), "superset", "issuperset");
        table.Partial(call => PythonOps.Contains(call.Input, call.Argument(0, "value") ?? throw call.Error("contains() missing 1 required positional argument: 'value'")), "contains");
        table.Known(call => AnsibleBool.Of(call.Input is AnsibleFloat f && double.IsNaN(f.Value)), "nan", "isnan");
        table.Known(call => AnsibleBool.Of(PythonOps.Str(call.Input).StartsWith('/')), "abs", "is_abs");
        table.Add(call => new AnsibleUnknown($"`{call.Name}` tests the controller's file system"), FunctionTraits.AcceptsUnknown,
            "exists", "file", "is_file", "directory", "is_dir", "link", "is_link", "link_exists", "mount", "is_mount", "same_file", "is_same_file");
    }

    private static AnsibleDict Result(FilterCall call, string test) =>
        call.Input as AnsibleDict ?? throw call.Error($"The '{test}' test expects a dictionary");

    /// <summary><c>result.get(key, False)</c> of a task result.</summary>
    private static AnsibleValue ResultFlag(FilterCall call, string test, string key) =>
        Result(call, test).Get(key) ?? AnsibleBool.False;

    /// <summary><c>changed</c>: the <c>changed</c> key, else any changed item of <c>results</c>.</summary>
    private static AnsibleValue Changed(FilterCall call)
    {
        var result = Result(call, "changed");
        if (result.Get("changed") is { } changed) return changed;
        if (result.Get("results") is AnsibleList { Items.Length: > 0 } results && results.Items[0] is AnsibleDict)
        {
            foreach (var item in results.Items)
            {
                if (item is AnsibleDict d && d.Get("changed") is { } c && PythonOps.Truthy(c) == true) return AnsibleBool.True;
            }
        }

        return AnsibleBool.False;
    }

    /// <summary><c>finished</c>/<c>started</c>: <c>result[key] == 1</c>, True (with a warning) for a non-async result.</summary>
    private static AnsibleValue AsyncFlag(FilterCall call, string key)
    {
        var result = Result(call, key);
        if (result.Get(key) is { } value) return PythonOps.Equals(value, AnsibleInt.Of(1));
        call.Services.Warn($"The '{key}' test expects an async task, but a non-async task was tested", call.Span);
        return AnsibleBool.True;
    }

    /// <summary><c>regex(pattern='', ignorecase=False, multiline=False, match_type='search')</c> and its <c>search</c>/<c>match</c> forms.</summary>
    private static AnsibleValue RegexTest(FilterCall call, string? matchType)
    {
        var value = PythonOps.Str(call.Input);
        var pattern = FunctionArgs.Str(call, 0, "pattern") ?? string.Empty;
        var ignoreCase = FunctionArgs.Flag(call, 1, "ignorecase");
        var multiline = FunctionArgs.Flag(call, 2, "multiline");
        var type = matchType ?? FunctionArgs.Str(call, 3, "match_type") ?? "search";
        var regex = type switch
        {
            "match" => PythonRegex.Compile(pattern, ignoreCase, multiline, prefix: "\\G(?:", suffix: ")"),
            "fullmatch" => PythonRegex.Compile(pattern, ignoreCase, multiline, prefix: "\\G(?:", suffix: ")\\z"),
            "search" => PythonRegex.Compile(pattern, ignoreCase, multiline),
            _ => throw call.Error($"'re.Pattern' object has no attribute '{type}'"),
        };
        return AnsibleBool.Of(PythonRegex.Run(() => regex.Match(value, 0).Success));
    }

    /// <summary><c>any</c>/<c>all</c>: Python's built-ins over the items' truth.</summary>
    private static AnsibleValue AnyAll(FilterCall call, bool all)
    {
        AnsibleUnknown? unknown = null;
        foreach (var item in FunctionArgs.Items(call, call.Input))
        {
            var truth = PythonOps.Truthy(item);
            if (truth is null) unknown ??= PythonOps.Unknown(item);
            else if (truth.Value != all) return AnsibleBool.Of(!all);
        }

        return unknown ?? (AnsibleValue)AnsibleBool.Of(all);
    }

    /// <summary><c>truthy(convert_bool=False)</c> / <c>falsy</c>: <c>bool(value)</c>, after Ansible's <c>boolean()</c> when asked.</summary>
    private static AnsibleValue Truthy(FilterCall call, bool negate)
    {
        var value = call.Input;
        if (FunctionArgs.Flag(call, 0, "convert_bool"))
        {
            var normalized = value is AnsibleString s ? new AnsibleString(PythonMethods.Strip(s.Value.ToLowerInvariant(), null)) : value;
            if (normalized is AnsibleString { Value: "y" or "yes" or "on" or "1" or "true" or "t" }) value = AnsibleBool.True;
            else if (normalized is AnsibleString { Value: "n" or "no" or "off" or "0" or "false" or "f" }) value = AnsibleBool.False;
        }

        var truth = PythonOps.Truthy(value);
        return truth is null ? PythonOps.Unknown(value) : AnsibleBool.Of(truth.Value != negate);
    }

    /// <summary><c>subset</c>/<c>superset</c>: <c>set(a) &lt;= set(b)</c> (items must be hashable).</summary>
    private static AnsibleValue SubsetTest(FilterCall call, bool superset)
    {
        var other = call.Argument(0, "b") ?? throw call.Error("missing 1 required positional argument: 'b'");
        var a = FunctionArgs.Items(call, call.Input);
        var b = PythonOps.ToIterable(other) ?? throw new UnknownResultException(PythonOps.Unknown(other));
        foreach (var item in a.Concat(b))
        {
            if (item is AnsibleList or AnsibleDict) throw call.Error($"unhashable type: '{item.PythonType}'");
        }

        var (small, large) = superset ? (b, a) : (a, b);
        var set = new HashSet<AnsibleValue>(large, Yaml.PythonKeyComparer.Instance);
        return AnsibleBool.Of(small.All(set.Contains));
    }

    /// <summary>
    /// <c>version(version, operator='eq', strict=None, version_type=None)</c>: compares with
    /// <c>LooseVersion</c> (default), <c>StrictVersion</c> or <c>SemanticVersion</c>; failures read
    /// <c>Version comparison failed: ...</c>.
    /// </summary>
    private static AnsibleValue VersionCompare(FilterCall call)
    {
        var version = call.Argument(0, "version") ?? throw call.Error("version_compare() missing 1 required positional argument: 'version'");
        var op = FunctionArgs.Str(call, 1, "operator") ?? "eq";
        var strict = call.Argument(2, "strict") is { } s and not AnsibleNull ? s : null;
        var type = FunctionArgs.Str(call, 3, "version_type");
        if (strict is not null && type is not null) throw call.Error("Cannot specify both 'strict' and 'version_type'");
        if (PythonOps.Truthy(call.Input) != true) throw call.Error("Input version value cannot be empty");
        if (PythonOps.Truthy(version) != true) throw call.Error("Version parameter to compare against cannot be empty");
        var kind = strict is not null && PythonOps.Truthy(strict) == true ? "strict" : type ?? "loose";
        if (kind is not ("loose" or "strict" or "semver" or "semantic" or "pep440"))
        {
            throw call.Error($"Invalid version type ({kind}). Must be one of 'loose', 'strict', 'semver', 'semantic', 'pep440'");
        }

        var normalized = op switch
        {
            "==" or "=" or "eq" => "eq",
            "<" or "lt" => "lt",
            "<=" or "le" => "le",
            ">" or "gt" => "gt",
            ">=" or "ge" => "ge",
            "!=" or "<>" or "ne" => "ne",
            _ => throw call.Error($"Invalid operator type ({op}). Must be one of '==', '=', 'eq', '<', 'lt', '<=', 'le', '>', 'gt', '>=', 'ge', '!=', '<>', 'ne'"),
        };
        if (kind == "pep440") return new AnsibleUnknown("PEP 440 version comparison is not modelled by VarTrace");
        int order;
        try
        {
            var left = PythonOps.Str(call.Input);
            var right = PythonOps.Str(version);
            order = kind switch
            {
                "strict" => CompareStrict(left, right),
                "semver" or "semantic" => CompareSemantic(left, right),
                _ => CompareLoose(left, right),
            };
        }
        catch (TemplateError e)
        {
            throw call.Error($"Version comparison failed: {e.Message}");
        }

        return AnsibleBool.Of(normalized switch
        {
            "eq" => order == 0,
            "ne" => order != 0,
            "lt" => order < 0,
            "le" => order <= 0,
            "gt" => order > 0,
            _ => order >= 0,
        });
    }

    /// <summary>
    /// <c>LooseVersion</c>: <c>re.split(r'(\d+|[a-z]+|\.)')</c> pieces without dots, digits as ints; lists
    /// compared with Python's rules: <c>_cmp</c> tries <c>==</c> then <c>&lt;</c>, so unequal lists holding an int
    /// where the other has a str raise even for <c>==</c>.
    /// </summary>
    private static int CompareLoose(string left, string right)
    {
        var a = LooseComponents(left);
        var b = LooseComponents(right);
        if (PythonOps.PyEquals(a, b) == true) return 0;
        return FunctionArgs.Less(a, b) ? -1 : 1;
    }

    private static AnsibleList LooseComponents(string text)
    {
        var parts = LooseComponent().Split(text).Where(p => p.Length > 0 && p != ".");
        return new AnsibleList([.. parts.Select(p => PythonNumbers.ParseInt(p, 10) is { } n ? (AnsibleValue)AnsibleInt.Of(n) : new AnsibleString(p))]);
    }

    /// <summary><c>StrictVersion</c>: <c>N.N[.N][(a|b)N]</c>; a prerelease sorts before the release.</summary>
    private static int CompareStrict(string left, string right)
    {
        var (av, ap) = ParseStrict(left);
        var (bv, bp) = ParseStrict(right);
        for (var i = 0; i < 3; i++)
        {
            if (av[i] != bv[i]) return av[i] < bv[i] ? -1 : 1;
        }

        if (ap is null && bp is null) return 0;
        if (ap is null) return 1;
        if (bp is null) return -1;
        var letter = string.CompareOrdinal(ap.Value.Letter, bp.Value.Letter);
        return letter != 0 ? Math.Sign(letter) : ap.Value.Number.CompareTo(bp.Value.Number);
    }

    private static (BigInteger[] Version, (string Letter, BigInteger Number)? Prerelease) ParseStrict(string text)
    {
        var match = StrictVersionPattern().Match(text);
        if (!match.Success) throw new TemplateError($"invalid version number '{text}'");
        var g = match.Groups;
        var version = new[] { BigInteger.Parse(g[1].Value), BigInteger.Parse(g[2].Value), g[4].Success ? BigInteger.Parse(g[4].Value) : 0 };
        return (version, g[5].Success ? (g[5].Value[..1], BigInteger.Parse(g[6].Value)) : null);
    }

    /// <summary><c>SemanticVersion</c> (semver 2.0.0): core, then prerelease identifiers (numbers before words).</summary>
    private static int CompareSemantic(string left, string right)
    {
        var a = ParseSemantic(left);
        var b = ParseSemantic(right);
        for (var i = 0; i < 3; i++)
        {
            if (a.Core[i] != b.Core[i]) return a.Core[i] < b.Core[i] ? -1 : 1;
        }

        if (a.Pre.Length == 0 && b.Pre.Length == 0) return 0;
        if (b.Pre.Length == 0) return -1;
        if (a.Pre.Length == 0) return 1;
        for (var i = 0; i < Math.Min(a.Pre.Length, b.Pre.Length); i++)
        {
            var (x, y) = (a.Pre[i], b.Pre[i]);
            var xNumeric = x.All(char.IsAsciiDigit);
            var yNumeric = y.All(char.IsAsciiDigit);
            var order = (xNumeric, yNumeric) switch
            {
                (true, true) => BigInteger.Parse(x).CompareTo(BigInteger.Parse(y)),
                (true, false) => -1,
                (false, true) => 1,
                _ => Math.Sign(string.CompareOrdinal(x, y)),
            };
            if (order != 0) return order;
        }

        return a.Pre.Length.CompareTo(b.Pre.Length);
    }

    private static (BigInteger[] Core, string[] Pre) ParseSemantic(string text)
    {
        var match = SemverPattern().Match(text);
        if (!match.Success) throw new TemplateError($"invalid semantic version '{text}'");
        var g = match.Groups;
        return ([BigInteger.Parse(g["major"].Value), BigInteger.Parse(g["minor"].Value), BigInteger.Parse(g["patch"].Value)],
            g["prerelease"].Success ? g["prerelease"].Value.Split('.') : []);
    }

    [GeneratedRegex(@"(\d+|[a-z]+|\.)", RegexOptions.CultureInvariant)]
    private static partial Regex LooseComponent();

    [GeneratedRegex(@"^(\d+)\.(\d+)(\.(\d+))?([ab](\d+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex StrictVersionPattern();

    [GeneratedRegex(@"^(?<major>0|[1-9]\d*)\.(?<minor>0|[1-9]\d*)\.(?<patch>0|[1-9]\d*)(?:-(?<prerelease>(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+(?<buildmetadata>[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex SemverPattern();
}
