using System.Text;
using System.Text.RegularExpressions;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation.Filters;

/// <summary>Jinja 3.1's HTML and URL filters (<c>escape</c>, <c>striptags</c>, <c>urlencode</c>) and Ansible's <c>urlsplit</c>.</summary>
internal static partial class MarkupFilters
{
    /// <summary>Registers the filters.</summary>
    public static void Register(FunctionTable table)
    {
        table.Known(call => new AnsibleString(Escape(PythonOps.Str(call.Input))), "escape", "e", "forceescape");
        table.Known(call => new AnsibleString(StripTags(PythonOps.Str(call.Input))), "striptags");
        table.Known(UrlEncode, "urlencode");
        table.Known(UrlSplit, "urlsplit");
    }

    /// <summary>markupsafe's <c>escape</c>: <c>&amp; &lt; &gt; " '</c> become entities.</summary>
    internal static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&#34;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>markupsafe 2.1's <c>Markup.striptags</c>: comments and tags removed, whitespace collapsed, entities decoded.</summary>
    private static string StripTags(string text)
    {
        var value = Comments().Replace(text, string.Empty);
        value = Tags().Replace(value, string.Empty);
        value = string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return System.Net.WebUtility.HtmlDecode(value);
    }

    /// <summary>
    /// Jinja's <c>urlencode</c>: a string is percent-quoted keeping <c>/</c>; a dict or a list of pairs
    /// becomes <c>k=v&amp;...</c> with everything quoted and spaces as <c>+</c>.
    /// </summary>
    private static AnsibleValue UrlEncode(FilterCall call)
    {
        if (call.Input is AnsibleString s) return new AnsibleString(Quote(s.Value, forQuery: false));
        var pairs = call.Input is AnsibleDict dict
            ? dict.Entries.Select(static e => (e.Key, e.Value))
            : FunctionArgs.Items(call, call.Input).Select(item => PythonOps.ToIterable(item) is { Length: 2 } pair
                ? (pair[0], pair[1])
                : throw call.Error("too many values to unpack (expected 2)"));
        return new AnsibleString(string.Join('&', pairs.Select(static p => $"{Quote(PythonOps.Str(p.Item1), true)}={Quote(PythonOps.Str(p.Item2), true)}")));
    }

    /// <summary>Jinja's <c>url_quote</c>: UTF-8 bytes, unreserved characters kept (and <c>/</c> outside query strings).</summary>
    private static string Quote(string text, bool forQuery)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~' || (c == '/' && !forQuery)) builder.Append(c);
            else builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return forQuery ? builder.Replace("%20", "+").ToString() : builder.ToString();
    }

    /// <summary>Ansible's <c>urlsplit(url, query='')</c> over Python 3.11's <c>urllib.parse.urlsplit</c>.</summary>
    private static AnsibleValue UrlSplit(FilterCall call)
    {
        var parts = Split(PythonOps.Str(call.Input), call);
        var query = FunctionArgs.Str(call, 0, "query") ?? string.Empty;
        if (query.Length == 0) return parts;
        return parts.Get(query) ?? throw call.Error($"urlsplit: unknown URL component: {query}");
    }

    private static AnsibleDict Split(string url, FilterCall call)
    {
        var scheme = string.Empty;
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && char.IsAsciiLetter(url[0]) && url[..colon].All(static c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            scheme = url[..colon].ToLowerInvariant();
            url = url[(colon + 1)..];
        }

        var netloc = string.Empty;
        if (url.StartsWith("//", StringComparison.Ordinal))
        {
            var end = url.IndexOfAny(['/', '?', '#'], 2);
            if (end < 0) end = url.Length;
            netloc = url[2..end];
            url = url[end..];
        }

        var fragment = string.Empty;
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0) (url, fragment) = (url[..hash], url[(hash + 1)..]);
        var queryText = string.Empty;
        var question = url.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0) (url, queryText) = (url[..question], url[(question + 1)..]);

        var at = netloc.LastIndexOf('@');
        var userInfo = at >= 0 ? netloc[..at] : null;
        var hostInfo = at >= 0 ? netloc[(at + 1)..] : netloc;
        string hostname;
        string port;
        if (hostInfo.Contains('['))
        {
            var open = hostInfo.IndexOf('[');
            var close = hostInfo.IndexOf(']', open);
            hostname = close < 0 ? hostInfo[(open + 1)..] : hostInfo[(open + 1)..close];
            var rest = close < 0 ? string.Empty : hostInfo[(close + 1)..];
            port = rest.Contains(':') ? rest[(rest.IndexOf(':') + 1)..] : string.Empty;
        }
        else
        {
            var portColon = hostInfo.IndexOf(':');
            hostname = portColon >= 0 ? hostInfo[..portColon] : hostInfo;
            port = portColon >= 0 ? hostInfo[(portColon + 1)..] : string.Empty;
        }

        AnsibleValue portValue = AnsibleNull.Instance;
        if (port.Length > 0)
        {
            if (!port.All(char.IsAsciiDigit)) throw call.Error($"Port could not be cast to integer value as {PythonRepr.Repr(new AnsibleString(port))}");
            var number = System.Numerics.BigInteger.Parse(port, System.Globalization.CultureInfo.InvariantCulture);
            if (number > 65535) throw call.Error("Port out of range 0-65535");
            portValue = AnsibleInt.Of(number);
        }

        AnsibleValue Text(string? value) => value is null ? AnsibleNull.Instance : new AnsibleString(value);
        var userColon = userInfo?.IndexOf(':') ?? -1;

        // object_to_dict lists the attributes in dir() order, which is alphabetical.
        return new AnsibleDict(
        [
            new(new AnsibleString("fragment"), new AnsibleString(fragment)),
            new(new AnsibleString("hostname"), Text(hostname.Length == 0 ? null : hostname.ToLowerInvariant())),
            new(new AnsibleString("netloc"), new AnsibleString(netloc)),
            new(new AnsibleString("password"), Text(userColon >= 0 ? userInfo![(userColon + 1)..] : null)),
            new(new AnsibleString("path"), new AnsibleString(url)),
            new(new AnsibleString("port"), portValue),
            new(new AnsibleString("query"), new AnsibleString(queryText)),
            new(new AnsibleString("scheme"), new AnsibleString(scheme)),
            new(new AnsibleString("username"), Text(userColon >= 0 ? userInfo![..userColon] : userInfo)),
        ]);
    }

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex("<.*?>", RegexOptions.Singleline)]
    private static partial Regex Tags();
}
