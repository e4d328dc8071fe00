using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using VarTrace.Core.Model;

namespace VarTrace.Core.Inventory;

/// <summary>
/// Host patterns of inventory files as ansible-core 2.14 reads them: <c>parse_address</c>
/// (<c>parsing/utils/addresses.py</c>) splits off a <c>:port</c>, and <c>expand_hostname_range</c>
/// (<c>plugins/inventory/__init__.py</c>) expands <c>[begin:end(:step)]</c> ranges.
/// </summary>
internal static class HostRange
{

    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"; // string.ascii_letters

    private const string NumericRange = @"\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]";
    private const string HexadecimalRange = @"\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]";
    private const string AlphanumericRange = @"\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]";
    private const string Ipv6Component = $"(?:[0-9a-f]{{1,4}}|{HexadecimalRange})";
    private const string Ipv4Component = $"(?:[01]?[0-9]{{1,2}}|2[0-4][0-9]|25[0-5]|{NumericRange})";
    private const string Label = $@"(?:[\w]|{AlphanumericRange})(?:[\w_-]|{AlphanumericRange})*(?<![_-])";

    // Python's re.match anchors only at the start; `\A(?:...)` does the same here. In the IPv6 pattern,
    // as in Ansible's, `^` and `$` bind to the first and last alternative only, so the others may match
    // a prefix of the address: that looseness is Ansible's and is kept.
    private static readonly Regex BracketedHostPort = Anchored(@"^\[(.+)\]:([0-9]+)$", RegexOptions.None);
    private static readonly Regex HostPort = Anchored(@"^((?:[^:\[\]]|\[[^\]]*\])*):([0-9]+)$", RegexOptions.None);
    private static readonly Regex Ipv4 = Anchored($@"^(?:{Ipv4Component}\.){{3}}{Ipv4Component}$", RegexOptions.IgnoreCase);
    private static readonly Regex Ipv6 = Anchored(
        string.Join('|', [
            $"^(?:{Ipv6Component}:){{7}}{Ipv6Component}",
            $"(?:{Ipv6Component}:){{1,6}}:",
            $"(?:{Ipv6Component}:)(?::{Ipv6Component}){{1,6}}",
            $"(?:{Ipv6Component}:){{2}}(?::{Ipv6Component}){{1,5}}",
            $"(?:{Ipv6Component}:){{3}}(?::{Ipv6Component}){{1,4}}",
            $"(?:{Ipv6Component}:){{4}}(?::{Ipv6Component}){{1,3}}",
            $"(?:{Ipv6Component}:){{5}}(?::{Ipv6Component}){{1,2}}",
            $"(?:{Ipv6Component}:){{6}}(?::{Ipv6Component})",
            $":(?::{Ipv6Component}){{1,6}}",
            $"{Ipv6Component}?::",
            $@"(?:0:){{6}}(?:{Ipv6Component}\.){{3}}{Ipv6Component}",
            $@"::(?:ffff:)?(?:{Ipv6Component}\.){{3}}{Ipv6Component}",
            $@"(?:0:){{5}}ffff:(?:{Ipv6Component}\.){{3}}{Ipv6Component}$",
        ]),
        RegexOptions.IgnoreCase);

    private static readonly Regex Hostname = Anchored($@"^{Label}(?:\.{Label})*$", RegexOptions.IgnoreCase);

    /// <summary>
    /// <c>parse_address(address, allow_ranges)</c>: the host and its port, or null where Ansible raises
    /// (not a valid IPv4/IPv6 address or hostname, or a range when ranges are not allowed).
    /// </summary>
    public static (string Host, BigInteger? Port)? ParseAddress(string address, bool allowRanges)
    {
        BigInteger? port = null;

        // Both forms are tried in turn, the second on what the first left.
        foreach (var pattern in (ReadOnlySpan<Regex>)[BracketedHostPort, HostPort])
        {
            var match = pattern.Match(address);
            if (!match.Success) continue;
            address = match.Groups[1].Value;
            port = BigInteger.Parse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        if (!Ipv4.IsMatch(address) && !Ipv6.IsMatch(address) && !Hostname.IsMatch(address)) return null;
        if (!allowRanges && address.Contains('[')) return null;
        return (address, port);
    }

    /// <summary>
    /// <c>BaseInventoryPlugin._expand_hostpattern</c>: the port if the pattern has one (a pattern
    /// <c>parse_address</c> rejects is kept whole, without a port), then the range expansion.
    /// </summary>
    /// <exception cref="VarTraceException">A malformed range, or more than <paramref name="maxHosts"/> hosts (default <see cref="InputLimits.MaxHostsPerPattern"/>).</exception>
    public static (List<string> Hosts, BigInteger? Port) ExpandPattern(string pattern, SourceLocation location, int? maxHosts = null)
    {
        var (host, port) = ParseAddress(pattern, allowRanges: true) ?? (pattern, null);
        return (host.Contains('[') ? ExpandRanges(host, pattern, location, maxHosts ?? InputLimits.Default.MaxHostsPerPattern) : [host], port);
    }

    /// <summary>
    /// <c>expand_hostname_range</c>: each step cuts the text at its first <c>[</c> and first <c>]</c>
    /// (whichever order they come in) and repeats on the rest while a <c>[</c> remains; the first
    /// range varies slowest. A step with no values ends the expansion before later ranges are looked at.
    /// </summary>
    private static List<string> ExpandRanges(string text, string pattern, SourceLocation location, int maxHosts)
    {
        if (text.Contains('|'))
        {
            // Ansible marks the brackets with `|` and splits on it, so any `|` breaks the split.
            throw new VarTraceException(location, $"host pattern `{pattern}` contains `|`, which Ansible's range expansion cannot handle");
        }

        var steps = new List<(string Head, RangeValues Values)>();
        var total = BigInteger.One;
        var pos = 0;
        while (total > 0)
        {
            var open = text.IndexOf('[', pos);
            if (open < 0) break;
            var close = text.IndexOf(']', pos);
            if (close < 0) throw new VarTraceException(location, $"host pattern `{pattern}` has a `[` without a closing `]`");
            var (headEnd, next) = close > open ? (open, close + 1) : (close, open + 1);
            var values = ParseRange(text[(headEnd + 1)..(next - 1)], pattern, location);
            steps.Add((text[pos..headEnd], values));
            total *= values.Count;
            pos = next;
        }

        if (total > maxHosts)
        {
            throw new VarTraceException(location, string.Create(CultureInfo.InvariantCulture, $"host range `{pattern}` expands to {total:N0} hosts; the limit is {maxHosts:N0} (InputLimits.MaxHostsPerPattern)"));
        }

        if (total == 0) return [];
        List<string> names = [string.Empty];
        foreach (var (head, values) in steps)
        {
            var expanded = new List<string>(names.Count * (int)values.Count);
            foreach (var name in names)
            {
                for (var i = 0; i < (int)values.Count; i++) expanded.Add(name + head + values.Element(i));
            }

            names = expanded;
        }

        var rest = text[pos..];
        return rest.Length == 0 ? names : [.. names.Select(n => n + rest)];
    }

    private static RangeValues ParseRange(string range, string pattern, SourceLocation location)
    {
        VarTraceException Error(string problem) => new(location, $"host range `[{range}]` in `{pattern}` {problem}");

        var bounds = range.Split(':');
        if (bounds.Length is not (2 or 3)) throw Error("must be begin:end or begin:end:step");
        var begin = bounds[0].Length == 0 ? "0" : bounds[0];
        var end = bounds[1];
        var step = bounds.Length == 3 ? bounds[2] : "1";
        if (end.Length == 0) throw Error("must specify an end value");
        var width = 0;
        if (begin[0] == '0' && begin.Length > 1)
        {
            // A leading zero asks for zero-padding to the width of begin, which end must share.
            if (begin.Length != end.Length) throw Error("must specify equal-length begin and end formats");
            width = begin.Length;
        }

        // Letter ranges use string.ascii_letters.index, a substring search, so `[a:Z]` spans a..z then A..Z.
        var letterBegin = Letters.IndexOf(begin, StringComparison.Ordinal);
        var letterEnd = Letters.IndexOf(end, StringComparison.Ordinal);
        if (letterBegin >= 0 && letterEnd >= 0)
        {
            if (letterBegin > letterEnd) throw Error("must have begin <= end");
            if (PythonLiteral.ParseIntConstructor(step) is { } letterStep && letterStep != 0)
            {
                // A negative step slices nothing, since begin <= end.
                var count = letterStep < 0 ? 0 : (int)((letterEnd - letterBegin) / letterStep) + 1;
                return new RangeValues(count, i => Letters[(int)(letterBegin + (i * letterStep))].ToString());
            }
        }

        // Anything that is not a letter range is range(int(begin), int(end) + 1, int(step)).
        if (PythonLiteral.ParseIntConstructor(begin) is not { } first
            || PythonLiteral.ParseIntConstructor(end) is not { } last
            || PythonLiteral.ParseIntConstructor(step) is not { } stride)
        {
            throw Error("is not a number or letter range");
        }

        if (stride == 0) throw Error("has a step of 0");
        var stop = last + 1;
        var size = stride > 0
            ? (stop > first ? ((stop - first - 1) / stride) + 1 : 0)
            : (first > stop ? ((first - stop - 1) / -stride) + 1 : 0);
        return new RangeValues(size, i => ZFill((first + (i * stride)).ToString(CultureInfo.InvariantCulture), width));
    }

    /// <summary>Python's <c>str.zfill</c>: zeros go after a leading sign.</summary>
    private static string ZFill(string text, int width)
    {
        if (text.Length >= width) return text;
        var sign = text.Length > 0 && text[0] is '+' or '-' ? 1 : 0;
        return string.Concat(text.AsSpan(0, sign), new string('0', width - text.Length), text.AsSpan(sign));
    }

    private static Regex Anchored(string pattern, RegexOptions options) =>
        new($@"\A(?:{pattern})", options | RegexOptions.CultureInvariant);

    /// <summary>The values of one range, produced on demand so a huge range costs nothing before the limit check.</summary>
    private sealed record RangeValues(BigInteger Count, Func<int, string> Element);
}
