using System.Collections.Immutable;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation;

/// <summary>
/// The list and dict methods that change their receiver in Python (<c>xs.append(x)</c>,
/// <c>d.update(other)</c>), the usual way Ansible templates accumulate a result. Values are
/// immutable here, so each returns the changed copy; the evaluator then puts the copy wherever the
/// template can still reach the original object.
/// </summary>
internal static class PythonMutations
{
    /// <summary>True when <paramref name="name"/> is a mutating method of the receiver's type.</summary>
    public static bool IsMutation(AnsibleValue receiver, string name) => receiver switch
    {
        AnsibleList { IsTuple: false } => name is "append" or "extend" or "insert" or "pop" or "remove" or "clear" or "reverse",
        AnsibleDict => name is "update" or "setdefault" or "pop" or "popitem" or "clear",
        _ => false,
    };

    /// <summary>Runs the method: the receiver after the call and the call's return value.</summary>
    /// <exception cref="TemplateError">Python would raise (wrong arguments, an index or key that is missing).</exception>
    public static (AnsibleValue Receiver, AnsibleValue Result) Call(AnsibleValue receiver, string name, ImmutableArray<AnsibleValue> args, ImmutableDictionary<string, AnsibleValue> kwargs) =>
        receiver is AnsibleList list ? CallList(list, name, args, kwargs) : CallDict((AnsibleDict)receiver, name, args, kwargs);

    private static (AnsibleValue, AnsibleValue) CallList(AnsibleList list, string name, ImmutableArray<AnsibleValue> args, ImmutableDictionary<string, AnsibleValue> kwargs)
    {
        NoKeywords($"list.{name}", kwargs);
        var items = list.Items;
        switch (name)
        {
            case "append":
                Arity("list.append", args, 1, 1);
                return (new AnsibleList(items.Add(args[0])), AnsibleNull.Instance);
            case "extend":
                Arity("list.extend", args, 1, 1);
                if (PythonOps.AsUnknown(args[0]) is { } unknown) return (new AnsibleUnknown(unknown.Cause), AnsibleNull.Instance);
                return (new AnsibleList(items.AddRange(PythonOps.ToIterable(args[0]) ?? [])), AnsibleNull.Instance);
            case "insert":
                Arity("list.insert", args, 2, 2);
                var at = ClampIndex(Index(args[0]), items.Length);
                return (new AnsibleList(items.Insert(at, args[1])), AnsibleNull.Instance);
            case "pop":
                Arity("list.pop", args, 0, 1);
                if (items.IsEmpty) throw new TemplateError("pop from empty list");
                var index = args.IsEmpty ? items.Length - 1 : Index(args[0]);
                if (index < 0) index += items.Length;
                if (index < 0 || index >= items.Length) throw new TemplateError("pop index out of range");
                return (new AnsibleList(items.RemoveAt(index)), items[index]);
            case "remove":
                Arity("list.remove", args, 1, 1);
                for (var i = 0; i < items.Length; i++)
                {
                    if (PythonOps.PyEquals(items[i], args[0]) == true) return (new AnsibleList(items.RemoveAt(i)), AnsibleNull.Instance);
                }

                throw new TemplateError("list.remove(x): x not in list");
            case "clear":
                Arity("list.clear", args, 0, 0);
                return (new AnsibleList([]), AnsibleNull.Instance);
            default:
                Arity("list.reverse", args, 0, 0);
                return (new AnsibleList([.. items.Reverse()]), AnsibleNull.Instance);
        }
    }

    private static (AnsibleValue, AnsibleValue) CallDict(AnsibleDict dict, string name, ImmutableArray<AnsibleValue> args, ImmutableDictionary<string, AnsibleValue> kwargs)
    {
        var entries = dict.Entries.ToList();
        switch (name)
        {
            case "update":
                Arity("dict.update", args, 0, 1);
                if (args.Length == 1)
                {
                    if (PythonOps.AsUnknown(args[0]) is { } unknown) return (new AnsibleUnknown(unknown.Cause), AnsibleNull.Instance);
                    var other = args[0] is AnsibleDict d ? d.Entries : Pairs(args[0]);
                    foreach (var entry in other) Put(entries, entry.Key, entry.Value);
                }

                foreach (var keyword in kwargs.OrderBy(static k => k.Key, StringComparer.Ordinal)) Put(entries, new AnsibleString(keyword.Key), keyword.Value);
                return (new AnsibleDict([.. entries]), AnsibleNull.Instance);
            case "setdefault":
                NoKeywords("dict.setdefault", kwargs);
                Arity("dict.setdefault", args, 1, 2);
                if (PythonOps.FindKey(dict, args[0]) is { } existing) return (dict, existing.Value);
                var fallback = args.Length > 1 ? args[1] : AnsibleNull.Instance;
                entries.Add(new(args[0], fallback));
                return (new AnsibleDict([.. entries]), fallback);
            case "pop":
                NoKeywords("dict.pop", kwargs);
                Arity("dict.pop", args, 1, 2);
                var index = entries.FindIndex(e => PythonOps.PyEquals(e.Key, args[0]) == true);
                if (index < 0)
                {
                    if (args.Length > 1) return (dict, args[1]);
                    throw new TemplateError(PythonRepr.Repr(args[0]));
                }

                var value = entries[index].Value;
                entries.RemoveAt(index);
                return (new AnsibleDict([.. entries]), value);
            case "popitem":
                NoKeywords("dict.popitem", kwargs);
                Arity("dict.popitem", args, 0, 0);
                if (entries.Count == 0) throw new TemplateError("'popitem(): dictionary is empty'");
                var last = entries[^1];
                entries.RemoveAt(entries.Count - 1);
                return (new AnsibleDict([.. entries]), new AnsibleList([last.Key, last.Value], isTuple: true));
            default:
                NoKeywords("dict.clear", kwargs);
                Arity("dict.clear", args, 0, 0);
                return (new AnsibleDict([]), AnsibleNull.Instance);
        }
    }

    private static IEnumerable<KeyValuePair<AnsibleValue, AnsibleValue>> Pairs(AnsibleValue source)
    {
        var pairs = PythonOps.ToIterable(source) ?? [];
        for (var i = 0; i < pairs.Length; i++)
        {
            var pair = PythonOps.ToIterable(pairs[i]) ?? [];
            if (pair.Length != 2) throw new TemplateError($"dictionary update sequence element #{i} has length {pair.Length}; 2 is required");
            yield return new(pair[0], pair[1]);
        }
    }

    private static void Put(List<KeyValuePair<AnsibleValue, AnsibleValue>> entries, AnsibleValue key, AnsibleValue value)
    {
        var index = entries.FindIndex(e => PythonOps.PyEquals(e.Key, key) == true);
        if (index >= 0) entries[index] = new(entries[index].Key, value);
        else entries.Add(new(key, value));
    }

    private static int Index(AnsibleValue value)
    {
        if (value is not (AnsibleInt or AnsibleBool)) throw new TemplateError($"'{value.PythonType}' object cannot be interpreted as an integer");
        var number = PythonOps.IntOf(value);
        return number > int.MaxValue ? int.MaxValue : number < int.MinValue ? int.MinValue : (int)number;
    }

    // list.insert clamps like a slice assignment: negative counts from the end, out of range goes to an end.
    private static int ClampIndex(int index, int length) =>
        index < 0 ? Math.Max(0, index + length) : Math.Min(index, length);

    private static void Arity(string method, ImmutableArray<AnsibleValue> args, int min, int max)
    {
        if (args.Length >= min && args.Length <= max) return;
        throw new TemplateError(min == max
            ? $"{method}() takes exactly {(min == 0 ? "no" : min.ToString(System.Globalization.CultureInfo.InvariantCulture))} argument{(min == 1 ? string.Empty : "s")} ({args.Length} given)"
            : $"{method} expected at most {max} argument{(max == 1 ? string.Empty : "s")}, got {args.Length}");
    }

    private static void NoKeywords(string method, ImmutableDictionary<string, AnsibleValue> kwargs)
    {
        if (!kwargs.IsEmpty) throw new TemplateError($"{method}() takes no keyword arguments");
    }
}
