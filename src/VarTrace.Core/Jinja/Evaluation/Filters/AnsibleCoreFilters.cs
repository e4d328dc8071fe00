using System.Collections.Immutable;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation.Filters;

/// <summary>
/// ansible-core 2.14's <c>ansible.builtin</c> filters from <c>plugins/filter/core.py</c> and
/// <c>mathstuff.py</c> (serialisation and regex filters are in their own classes). Filters whose result
/// depends on the controller (time, randomness, the file system, environment variables) return unknown.
/// </summary>
internal static class AnsibleCoreFilters
{
    /// <summary>Ansible's <c>UUID_NAMESPACE_ANSIBLE</c> for <c>to_uuid</c>.</summary>
    private static readonly Guid AnsibleUuidNamespace = new("361E6D51-FAEC-444A-9079-341386DA8E2E");

    /// <summary>Registers the filters.</summary>
    public static void Register(FunctionTable table)
    {
        table.Known(Bool, "bool");
        // Jinja hands filters Undefined objects that fail only when used: the branch ternary does not pick may be undefined.
        table.Add(Ternary, FunctionTraits.AcceptsUndefined, "ternary");
        table.Add(Mandatory, FunctionTraits.AcceptsUndefined, "mandatory");
        table.Partial(Combine, "combine");
        table.Partial(Dict2Items, "dict2items");
        table.Known(Items2Dict, "items2dict");
        table.Partial(Flatten, "flatten");
        table.Partial(call => Zip(call, longest: false), "zip");
        table.Partial(call => Zip(call, longest: true), "zip_longest");
        table.Partial(Product, "product");
        table.Partial(Subelements, "subelements");
        table.Partial(Extract, "extract");
        table.Known(call => SetOperation(call, "union"), "union");
        table.Known(call => SetOperation(call, "intersect"), "intersect");
        table.Known(call => SetOperation(call, "difference"), "difference");
        table.Known(call => SetOperation(call, "symmetric_difference"), "symmetric_difference");
        table.Known(B64Encode, "b64encode");
        table.Known(B64Decode, "b64decode");
        table.Known(call => new AnsibleString(Basename(Path(call))), "basename");
        table.Known(call => new AnsibleString(Dirname(Path(call))), "dirname");
        table.Known(Quote, "quote");
        table.Add(call => new AnsibleString(call.Input.PythonType), FunctionTraits.AcceptsUndefined, "type_debug");
        table.Known(Split, "split");
        table.Known(call => Hash(call, FunctionArgs.Str(call, 0, "hashtype") ?? "sha1"), "hash");
        table.Known(call => Hash(call, "md5"), "md5");
        table.Known(call => Hash(call, "sha1"), "sha1", "checksum");
        table.Known(ToUuid, "to_uuid");
        table.Known(Log, "log");
        table.Known(Pow, "pow");
        table.Known(Root, "root");
        table.Add(call => new AnsibleUnknown("`random` picks at random"), FunctionTraits.AcceptsUnknown, "random");
        table.Add(call => new AnsibleUnknown("`shuffle` orders at random"), FunctionTraits.AcceptsUnknown, "shuffle");
        table.Add(call => new AnsibleUnknown("`password_hash` uses a random salt unless one is given, and a crypt library"), FunctionTraits.AcceptsUnknown, "password_hash");
        table.Add(call => new AnsibleUnknown($"`{call.Name}` depends on the controller's clock, files or environment"), FunctionTraits.AcceptsUnknown,
            "strftime", "to_datetime", "fileglob", "expanduser", "expandvars", "realpath", "relpath");
    }

    /// <summary>Ansible's <c>to_bool</c>: None and bools as they are; <c>'yes' 'on' '1' 'true'</c> (any case) and 1 are True; anything else False.</summary>
    private static AnsibleValue Bool(FilterCall call) => call.Input switch
    {
        AnsibleNull or AnsibleBool => call.Input,
        AnsibleString s => AnsibleBool.Of(s.Value.ToLowerInvariant() is "yes" or "on" or "1" or "true"),
        _ => AnsibleBool.Of(PythonOps.PyEquals(call.Input, AnsibleInt.Of(1)) == true),
    };

    /// <summary><c>ternary(true_val, false_val, none_val=None)</c>.</summary>
    private static AnsibleValue Ternary(FilterCall call)
    {
        var whenTrue = call.Argument(0, "true_val") ?? throw call.Error("ternary() missing 2 required positional arguments: 'true_val' and 'false_val'");
        var whenFalse = call.Argument(1, "false_val") ?? throw call.Error("ternary() missing 1 required positional argument: 'false_val'");
        var whenNone = call.Argument(2, "none_val", AnsibleNull.Instance)!;
        if (call.Input is AnsibleNull && whenNone is not AnsibleNull) return whenNone;
        return PythonOps.Truthy(call.Input) switch
        {
            true => whenTrue,
            false => whenFalse,
            null => PythonOps.Unknown(call.Input),
        };
    }

    /// <summary><c>mandatory(msg=None)</c>: <c>Mandatory variable 'x' not defined.</c> for an undefined input.</summary>
    private static AnsibleValue Mandatory(FilterCall call)
    {
        if (call.Input is not AnsibleUndefined undefined) return call.Input;
        if (call.Argument(0, "msg") is { } message and not AnsibleNull) throw call.Error(PythonOps.Str(message));
        var name = UndefinedName(undefined.Message);        
        // core.py builds "'%s' " % name, hence Ansible's double space before "not".
        throw call.Error(name is null ? "Mandatory variable  not defined." : $"Mandatory variable '{name}'  not defined.");
    }

    /// <summary>The <c>_undefined_name</c> Jinja keeps, recovered from the message (<c>'x' is undefined</c>, <c>... has no attribute 'x'</c>).</summary>
    private static string? UndefinedName(string message)
    {
        const string IsUndefined = "' is undefined";
        const string NoAttribute = " has no attribute '";
        if (message.StartsWith('\'') && message.EndsWith(IsUndefined, StringComparison.Ordinal)) return message[1..^IsUndefined.Length];
        var index = message.LastIndexOf(NoAttribute, StringComparison.Ordinal);
        return index >= 0 && message.EndsWith('\'') ? message[(index + NoAttribute.Length)..^1] : null;
    }

    /// <summary>
    /// <c>combine(*dicts, recursive=False, list_merge='replace')</c>: <c>flatten(terms, levels=1)</c> then
    /// <c>merge_hash</c> from the right (<c>utils/vars.py</c>).
    /// </summary>
    private static AnsibleValue Combine(FilterCall call)
    {
        var recursive = false;
        var listMerge = "replace";
        foreach (var (key, value) in call.Keywords)
        {
            switch (key)
            {
                case "recursive":
                    recursive = PythonOps.Truthy(value) ?? throw new UnknownResultException(PythonOps.Unknown(value));
                    break;
                case "list_merge":
                    listMerge = PythonOps.Str(value);
                    break;
                default:
                    throw call.Error("'recursive' and 'list_merge' are the only valid keyword arguments");
            }
        }

        var dictionaries = FlattenItems(call.Arguments.Prepend(call.Input), levels: 1, skipNulls: true);
        if (dictionaries.Count == 0) return AnsibleDict.Empty;
        if (dictionaries.Count == 1) return dictionaries[0];
        if (listMerge is not ("replace" or "keep" or "append" or "prepend" or "append_rp" or "prepend_rp"))
        {
            throw call.Error("merge_hash: 'list_merge' argument can only be equal to 'replace', 'keep', 'append', 'prepend', 'append_rp' or 'prepend_rp'");
        }

        var result = dictionaries[^1];
        for (var i = dictionaries.Count - 2; i >= 0; i--) result = MergeHash(call, dictionaries[i], result, recursive, listMerge);
        return result;
    }

    /// <summary>Ansible's <c>merge_hash(x, y)</c>: y's keys win; nested dicts merge when recursive; lists per <c>list_merge</c>.</summary>
    internal static AnsibleValue MergeHash(FilterCall call, AnsibleValue x, AnsibleValue y, bool recursive, string listMerge)
    {
        if (PythonOps.AsUnknown(x) is { } ux) return new AnsibleUnknown(ux.Cause);
        if (PythonOps.AsUnknown(y) is { } uy) return new AnsibleUnknown(uy.Cause);
        if (x is not AnsibleDict low || y is not AnsibleDict high)
        {
            throw call.Error($"failed to combine variables, expected dicts but got a '{x.PythonType}' and a '{y.PythonType}': \n{PythonJson.DumpsOrRepr(x)}\n{PythonJson.DumpsOrRepr(y)}");
        }

        var entries = low.Entries.ToList();
        foreach (var entry in high.Entries)
        {
            var index = entries.FindIndex(e => PythonOps.PyEquals(e.Key, entry.Key) == true);
            if (index < 0)
            {
                entries.Add(entry);
                continue;
            }

            var lowValue = entries[index].Value;
            var merged = (lowValue, entry.Value) switch
            {
                (AnsibleDict, AnsibleDict) => recursive ? MergeHash(call, lowValue, entry.Value, recursive, listMerge) : entry.Value,
                (AnsibleList l, AnsibleList h) => listMerge switch
                {
                    "append" => PythonOps.Add(l, h),
                    "prepend" => PythonOps.Add(h, l),
                    "append_rp" => new AnsibleList([.. l.Items.Where(z => !ContainsKnown(h, z)), .. h.Items]),
                    "prepend_rp" => new AnsibleList([.. h.Items, .. l.Items.Where(z => !ContainsKnown(h, z))]),
                    "keep" => lowValue,
                    _ => entry.Value,
                },
                _ => entry.Value,
            };

            // Python keeps the original key object and position when updating.
            entries[index] = new KeyValuePair<AnsibleValue, AnsibleValue>(entries[index].Key, merged);
        }

        return new AnsibleDict([.. entries]);
    }

    private static bool ContainsKnown(AnsibleList list, AnsibleValue item) =>
        PythonOps.Contains(list, item) switch
        {
            AnsibleBool b => b.Value,
            var unknown => throw new UnknownResultException((AnsibleUnknown)unknown),
        };

    /// <summary><c>dict2items(key_name='key', value_name='value')</c>.</summary>
    private static AnsibleValue Dict2Items(FilterCall call)
    {
        if (call.Input is not AnsibleDict dict) throw call.Error($"dict2items requires a dictionary, got {ClassRepr(call.Input)} instead.");
        var keyName = call.Argument(0, "key_name", new AnsibleString("key"))!;
        var valueName = call.Argument(1, "value_name", new AnsibleString("value"))!;
        return new AnsibleList([.. dict.Entries.Select(e => (AnsibleValue)new AnsibleDict(
            PythonOps.PyEquals(keyName, valueName) == true
                ? [new(keyName, e.Value)]
                : [new(keyName, e.Key), new(valueName, e.Value)]))]);
    }

    /// <summary><c>items2dict(key_name='key', value_name='value')</c>.</summary>
    private static AnsibleValue Items2Dict(FilterCall call)
    {
        if (call.Input is not AnsibleList list) throw call.Error($"items2dict requires a list, got {ClassRepr(call.Input)} instead.");
        var keyName = call.Argument(0, "key_name", new AnsibleString("key"))!;
        var valueName = call.Argument(1, "value_name", new AnsibleString("value"))!;
        var entries = new List<KeyValuePair<AnsibleValue, AnsibleValue>>();
        foreach (var item in list.Items)
        {
            if (item is not AnsibleDict dict)
            {
                throw call.Error($"items2dict requires a list of dictionaries, got {PythonRepr.Repr(list)} instead.");
            }

            var key = PythonOps.FindKey(dict, keyName);
            var value = PythonOps.FindKey(dict, valueName);
            if (key is null || value is null)
            {
                throw call.Error($"items2dict requires each dictionary in the list to contain the keys '{PythonOps.Str(keyName)}' and '{PythonOps.Str(valueName)}', got {PythonRepr.Repr(list)} instead.");
            }

            if (key.Value.Value is AnsibleList or AnsibleDict) throw call.Error($"items2dict requires a list of dictionaries, got {PythonRepr.Repr(list)} instead.");
            Put(entries, key.Value.Value, value.Value.Value);
        }

        return new AnsibleDict([.. entries]);
    }

    /// <summary>Python's <c>d[key] = value</c> on an insertion-ordered entry list.</summary>
    internal static void Put(List<KeyValuePair<AnsibleValue, AnsibleValue>> entries, AnsibleValue key, AnsibleValue value)
    {
        var index = entries.FindIndex(e => PythonOps.PyEquals(e.Key, key) == true);
        if (index < 0) entries.Add(new(key, value));
        else entries[index] = new(entries[index].Key, value);
    }

    /// <summary><c>flatten(levels=None, skip_nulls=True)</c>: nested lists spliced in; <c>None</c>, <c>'None'</c> and <c>'null'</c> dropped.</summary>
    private static AnsibleValue Flatten(FilterCall call)
    {
        if (call.Input is not (AnsibleList or AnsibleDict or AnsibleString)) throw call.Error($"'{call.Input.PythonType}' object is not iterable");
        var levels = FunctionArgs.Int(call, 0, "levels");
        var skipNulls = FunctionArgs.Flag(call, 1, "skip_nulls", fallback: true);
        var items = FlattenItems(FunctionArgs.Items(call, call.Input), levels, skipNulls);
        PythonOps.CheckItems(items.Count);
        return new AnsibleList([.. items]);
    }

    private static List<AnsibleValue> FlattenItems(IEnumerable<AnsibleValue> items, BigInteger? levels, bool skipNulls)
    {
        var result = new List<AnsibleValue>();
        void Walk(IEnumerable<AnsibleValue> current, BigInteger? remaining, int depth)
        {
            if (depth > 500) throw new TemplateError("maximum recursion depth exceeded while calling a Python object");
            foreach (var element in current)
            {
                if (skipNulls && (element is AnsibleNull || element is AnsibleString { Value: "None" or "null" })) continue;
                if (element is AnsibleList nested && (remaining is null || remaining >= 1))
                {
                    Walk(nested.Items, remaining - 1, depth + 1);
                }
                else
                {
                    result.Add(element);
                }

                PythonOps.CheckItems(result.Count);
            }
        }

        Walk(items, levels, 0);
        return result;
    }

    /// <summary>Python's <c>zip(input, *args)</c> / <c>itertools.zip_longest(..., fillvalue=None)</c>, as the list of tuples <c>| list</c> gives.</summary>
    private static AnsibleValue Zip(FilterCall call, bool longest)
    {
        var fill = longest ? call.Keywords.GetValueOrDefault("fillvalue", AnsibleNull.Instance) : AnsibleNull.Instance;
        var sequences = call.Arguments.Prepend(call.Input).Select(v => IterableOf(call, v, "zip")).ToArray();
        var length = sequences.Length == 0 ? 0 : longest ? sequences.Max(s => s.Length) : sequences.Min(s => s.Length);
        var rows = ImmutableArray.CreateBuilder<AnsibleValue>(length);
        for (var i = 0; i < length; i++)
        {
            rows.Add(new AnsibleList([.. sequences.Select(s => i < s.Length ? s[i] : fill)], isTuple: true));
        }

        return new AnsibleList(rows.MoveToImmutable());
    }

    /// <summary><c>itertools.product(input, *args, repeat=1)</c>, bounded in size.</summary>
    private static AnsibleValue Product(FilterCall call)
    {
        var repeat = call.Keywords.TryGetValue("repeat", out var r) ? (int)BigInteger.Clamp(PythonOps.IntOf(r), 0, 100) : 1;
        var pools = call.Arguments.Prepend(call.Input).Select(v => IterableOf(call, v, "product")).ToArray();
        var all = Enumerable.Repeat(pools, repeat).SelectMany(p => p).ToArray();
        var total = all.Aggregate(BigInteger.One, (n, p) => n * p.Length);
        PythonOps.CheckItems(total);
        IEnumerable<ImmutableArray<AnsibleValue>> rows = [[]];
        foreach (var pool in all) rows = rows.SelectMany(row => pool.Select(item => row.Add(item))).ToList();
        return new AnsibleList([.. rows.Select(row => (AnsibleValue)new AnsibleList(row, isTuple: true))]);
    }

    private static ImmutableArray<AnsibleValue> IterableOf(FilterCall call, AnsibleValue value, string function)
    {
        if (PythonOps.AsUnknown(value) is { } unknown) throw new UnknownResultException(unknown);
        return value is AnsibleList or AnsibleDict or AnsibleString
            ? FunctionArgs.Items(call, value)
            : throw call.Error($"'{value.PythonType}' object is not iterable");
    }

    /// <summary><c>subelements(subelements, skip_missing=False)</c>: pairs of each element with each item of its sub-list.</summary>
    private static AnsibleValue Subelements(FilterCall call)
    {
        var elements = call.Input switch
        {
            AnsibleDict dict => dict.Entries.Select(e => e.Value).ToImmutableArray(),
            AnsibleList list => list.Items,
            _ => throw call.Error("obj must be a list of dicts or a nested dict"),
        };
        var path = call.Argument(0, "subelements") ?? throw call.Error("subelements() missing 1 required positional argument: 'subelements'");
        var keys = path switch
        {
            AnsibleList list => list.Items,
            AnsibleString s => [.. s.Value.Split('.').Select(p => (AnsibleValue)new AnsibleString(p))],
            _ => throw call.Error("subelements must be a list or a string"),
        };
        var skipMissing = FunctionArgs.Flag(call, 1, "skip_missing");
        var results = new List<AnsibleValue>();
        foreach (var element in elements)
        {
            var values = element;
            foreach (var key in keys)
            {
                if (PythonOps.AsUnknown(values) is { } unknown) return new AnsibleUnknown(unknown.Cause);
                if (values is AnsibleDict dict)
                {
                    if (PythonOps.FindKey(dict, key) is { } entry)
                    {
                        values = entry.Value;
                        continue;
                    }

                    if (skipMissing)
                    {
                        values = AnsibleList.Empty;
                        break;
                    }

                    throw call.Error($"could not find {PythonRepr.Repr(key)} key in iterated item {PythonRepr.Repr(values)}");
                }

                throw call.Error($"the key {PythonOps.Str(key)} should point to a dictionary, got '{PythonOps.Str(values)}'");
            }

            if (PythonOps.AsUnknown(values) is { } unknownValues) return new AnsibleUnknown(unknownValues.Cause);
            if (values is not AnsibleList sub) throw call.Error($"the key {PythonRepr.Repr(keys[^1])} should point to a list, got {PythonRepr.Repr(values)}");
            foreach (var value in sub.Items) results.Add(new AnsibleList([element, value], isTuple: true));
            PythonOps.CheckItems(results.Count);
        }

        return new AnsibleList([.. results]);
    }

    /// <summary><c>extract(container, morekeys=None)</c>: <c>container[item][morekey]...</c> with Jinja's getitem.</summary>
    private static AnsibleValue Extract(FilterCall call)
    {
        var container = call.Argument(0, "container") ?? throw call.Error("extract() missing 1 required positional argument: 'container'");
        var more = call.Argument(1, "morekeys");
        IEnumerable<AnsibleValue> keys = more switch
        {
            null or AnsibleNull => [call.Input],
            AnsibleList list => list.Items.Prepend(call.Input),
            _ => [call.Input, more],
        };
        var value = container;
        foreach (var key in keys) value = PythonOps.GetItem(value, key);
        return value;
    }

    /// <summary>
    /// <c>union</c>/<c>intersect</c>/<c>difference</c>/<c>symmetric_difference</c> (<c>mathstuff.py</c>): lists
    /// keep first-occurrence order through Ansible's <c>unique</c>. Two hashable inputs (strings) use
    /// Python sets, whose order depends on string hashing: VarTrace orders them by first occurrence.
    /// </summary>
    private static AnsibleValue SetOperation(FilterCall call, string operation)
    {
        var other = call.Argument(0, "b") ?? throw call.Error($"{operation}() missing 1 required positional argument: 'b'");
        var a = FunctionArgs.Items(call, call.Input);
        var b = IterableOf(call, other, operation);
        // Scalars hash as Python hashes them (1 == 1.0 == True); lists and dicts fall back to == scans.
        var hashable = a.Concat(b).All(v => v is not (AnsibleList or AnsibleDict));
        var setA = hashable ? new HashSet<AnsibleValue>(a, Yaml.PythonKeyComparer.Instance) : null;
        var setB = hashable ? new HashSet<AnsibleValue>(b, Yaml.PythonKeyComparer.Instance) : null;
        bool In(ImmutableArray<AnsibleValue> items, AnsibleValue x) =>
            hashable ? (items == a ? setA! : setB!).Contains(x) : items.Any(y => PythonOps.PyEquals(x, y) == true);
        IEnumerable<AnsibleValue> result = operation switch
        {
            "union" => a.Concat(b),
            "intersect" => a.Where(x => In(b, x)),
            "difference" => a.Where(x => !In(b, x)),
            _ => a.Where(x => !In(b, x)).Concat(b.Where(x => !In(a, x))),
        };
        var unique = new List<AnsibleValue>();
        var seen = hashable ? new HashSet<AnsibleValue>(Yaml.PythonKeyComparer.Instance) : null;
        foreach (var item in result)
        {
            if (seen is not null ? seen.Add(item) : !unique.Any(u => PythonOps.PyEquals(u, item) == true)) unique.Add(item);
        }

        return new AnsibleList([.. unique]);
    }

    /// <summary><c>b64encode(encoding='utf-8')</c>.</summary>
    private static AnsibleValue B64Encode(FilterCall call)
    {
        var encoding = EncodingOf(call, FunctionArgs.Str(call, 0, "encoding") ?? "utf-8");
        return new AnsibleString(Convert.ToBase64String(encoding.GetBytes(PythonOps.Str(call.Input))));
    }

    /// <summary>
    /// <c>b64decode(encoding='utf-8')</c>: Python's lenient <c>base64.b64decode</c> (characters outside the
    /// alphabet are skipped), then decoding the bytes as text.
    /// </summary>
    private static AnsibleValue B64Decode(FilterCall call)
    {
        var encoding = EncodingOf(call, FunctionArgs.Str(call, 0, "encoding") ?? "utf-8");
        var text = PythonOps.Str(call.Input);
        var data = new StringBuilder(text.Length);
        var padding = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/')
            {
                if (padding > 0) break;
                data.Append(c);
            }
            else if (c == '=')
            {
                padding++;
            }
        }

        var count = data.Length;
        if (count % 4 == 1) throw call.Error($"Invalid base64-encoded string: number of data characters ({count}) cannot be 1 more than a multiple of 4");
        if (count % 4 != 0 && count % 4 + padding < 4) throw call.Error("Incorrect padding");
        data.Append('=', (4 - (count % 4)) % 4);
        var bytes = Convert.FromBase64String(data.ToString());
        try
        {
            return new AnsibleString(encoding.GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            return new AnsibleUnknown("`b64decode` produced bytes that are not valid text in that encoding");
        }
    }

    private static Encoding EncodingOf(FilterCall call, string name)
    {
        try
        {
            var encoding = Encoding.GetEncoding(name.Replace('_', '-'));
            return Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            throw call.Error($"unknown encoding: {name}");
        }
    }

    private static string Path(FilterCall call) => call.Input is AnsibleString s
        ? s.Value
        : throw call.Error($"expected str, bytes or os.PathLike object, not {call.Input.PythonType}");

    /// <summary><c>posixpath.basename</c>: everything after the last <c>/</c>.</summary>
    internal static string Basename(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary><c>posixpath.dirname</c>: up to the last <c>/</c>, trailing slashes removed unless it is all slashes.</summary>
    internal static string Dirname(string path)
    {
        var head = path[..(path.LastIndexOf('/') + 1)];
        return head.Length > 0 && head.Trim('/').Length > 0 ? head.TrimEnd('/') : head;
    }

    /// <summary><c>quote</c>: <c>shlex.quote(to_text(a))</c>, <c>None</c> as the empty string.</summary>
    private static AnsibleValue Quote(FilterCall call)
    {
        var text = call.Input is AnsibleNull ? string.Empty : PythonOps.Str(call.Input);
        if (text.Length == 0) return new AnsibleString("''");
        if (text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '@' or '%' or '+' or '=' or ':' or ',' or '.' or '/' or '-')) return new AnsibleString(text);
        return new AnsibleString("'" + text.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'");
    }

    /// <summary>Ansible 2.11+'s <c>split(sep=None, maxsplit=-1)</c>: <c>str.split</c> on a string input.</summary>
    private static AnsibleValue Split(FilterCall call)
    {
        if (call.Input is not AnsibleString) throw call.Error($"descriptor 'split' for 'str' objects doesn't apply to a '{call.Input.PythonType}' object");
        return PythonOps.CallMethod(call.Input, "split", call.Arguments, call.Keywords);
    }

    /// <summary><c>hash(hashtype='sha1')</c>, <c>md5</c>, <c>sha1</c>, <c>checksum</c>: the hex digest of the UTF-8 text.</summary>
    private static AnsibleValue Hash(FilterCall call, string algorithm)
    {
        var bytes = Encoding.UTF8.GetBytes(PythonOps.Str(call.Input));
        var digest = algorithm switch
        {
            "md5" => MD5.HashData(bytes),
            "sha1" => SHA1.HashData(bytes),
            "sha256" => SHA256.HashData(bytes),
            "sha384" => SHA384.HashData(bytes),
            "sha512" => SHA512.HashData(bytes),
            _ => null,
        };
        if (digest is null) return new AnsibleUnknown($"hash type `{algorithm}` is not modelled by VarTrace");
        return new AnsibleString(Convert.ToHexStringLower(digest));
    }

    /// <summary><c>to_uuid(namespace=UUID_NAMESPACE_ANSIBLE)</c>: <c>uuid.uuid5</c> (RFC 4122 name-based, SHA-1).</summary>
    private static AnsibleValue ToUuid(FilterCall call)
    {
        var namespaceText = FunctionArgs.Str(call, 0, "namespace");
        Guid ns = AnsibleUuidNamespace;
        if (namespaceText is not null && !Guid.TryParse(namespaceText, out ns))
        {
            throw call.Error($"Invalid value '{namespaceText}' for 'namespace': badly formed hexadecimal UUID string");
        }

        var nameBytes = Encoding.UTF8.GetBytes(PythonOps.Str(call.Input));
        var hash = SHA1.HashData([.. ns.ToByteArray(bigEndian: true), .. nameBytes]);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new AnsibleString(new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString());
    }

    /// <summary><c>log(base=e)</c>: <c>math.log10</c> for base 10, else <c>math.log(x, base)</c>.</summary>
    private static AnsibleValue Log(FilterCall call)
    {
        var x = Real(call, call.Input, "log");
        var @base = call.Argument(0, "base") is { } b ? Real(call, b, "log") : Math.E;
        if (x <= 0 || @base <= 0) throw call.Error("math domain error");
        if (@base == 10) return new AnsibleFloat(Math.Log10(x));
        var denominator = Math.Log(@base);
        if (denominator == 0) throw call.Error("float division by zero");
        return new AnsibleFloat(Math.Log(x) / denominator);
    }

    /// <summary><c>pow(y)</c>: <c>math.pow(x, y)</c>, always a float.</summary>
    private static AnsibleValue Pow(FilterCall call)
    {
        var x = Real(call, call.Input, "pow");
        var y = Real(call, call.Argument(0, "y") ?? throw call.Error("power() missing 1 required positional argument: 'y'"), "pow");
        if (x < 0 && y != Math.Floor(y)) throw call.Error("math domain error");
        if (x == 0 && y < 0) throw call.Error("math domain error");
        var result = Math.Pow(x, y);
        if (double.IsInfinity(result) && double.IsFinite(x) && double.IsFinite(y)) throw call.Error("math range error");
        return new AnsibleFloat(result);
    }

    /// <summary><c>root(base=2)</c>: <c>math.sqrt</c>, or <c>math.pow(x, 1.0 / base)</c>.</summary>
    private static AnsibleValue Root(FilterCall call)
    {
        var x = Real(call, call.Input, "root");
        var @base = call.Argument(0, "base") is { } b ? Real(call, b, "root") : 2;
        if (@base == 2)
        {
            if (x < 0) throw call.Error("root() can only be used on numbers: math domain error");
            return new AnsibleFloat(Math.Sqrt(x));
        }

        if (x < 0) throw call.Error("root() can only be used on numbers: math domain error");
        return new AnsibleFloat(Math.Pow(x, 1.0 / @base));
    }

    private static double Real(FilterCall call, AnsibleValue value, string function) =>
        PythonOps.TryNumber(value, out var number)
            ? PythonOps.ToDouble(number)
            : throw call.Error($"{function}() can only be used on numbers: must be real number, not {value.PythonType}");

    /// <summary>Python's <c>type(x)</c> as <c>%s</c> shows it: <c>&lt;class 'list'&gt;</c>.</summary>
    internal static string ClassRepr(AnsibleValue value) => $"<class '{value.PythonType}'>";
}
