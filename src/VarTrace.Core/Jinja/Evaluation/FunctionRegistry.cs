using System.Collections.Frozen;

namespace VarTrace.Core.Jinja.Evaluation;

/// <summary>How a function treats <see cref="Values.AnsibleUndefined"/> and <see cref="Values.AnsibleUnknown"/> inputs.</summary>
[Flags]
public enum FunctionTraits
{
    /// <summary>
    /// The usual case: an undefined input or argument raises Ansible's undefined error, and an unknown
    /// one makes the result unknown, before the function runs.
    /// </summary>
    None = 0,

    /// <summary>The function inspects undefined values itself (<c>default</c>, <c>defined</c>, <c>undefined</c>).</summary>
    AcceptsUndefined = 1,

    /// <summary>The function can say something about unknown values itself (<c>default</c> on an unknown that is surely defined, <c>length</c> of a list with unknown items).</summary>
    AcceptsUnknown = 2,
}

/// <summary>A registered filter or test.</summary>
/// <param name="Function">The implementation.</param>
/// <param name="Traits">How it treats undefined and unknown values.</param>
public sealed record JinjaFunctionEntry(JinjaFunction Function, FunctionTraits Traits);

/// <summary>
/// The filters and tests known to the evaluator, by name. Qualified names
/// (<c>ansible.builtin.x</c>, <c>ansible.utils.x</c>, <c>ansible.netcommon.x</c>, <c>community.general.x</c>)
/// resolve to the same entry as their short name where Ansible's collections define one.
/// </summary>
public sealed class FunctionRegistry(FrozenDictionary<string, JinjaFunctionEntry> filters, FrozenDictionary<string, JinjaFunctionEntry> tests)
{
    private static readonly string[] CollectionPrefixes = ["ansible.builtin.", "ansible.legacy.", "ansible.utils.", "ansible.netcommon.", "community.general."];

    /// <summary>Looks up a filter by its name as written.</summary>
    public JinjaFunctionEntry? Filter(string name) => Find(filters, name);

    /// <summary>Looks up a test by its name as written.</summary>
    public JinjaFunctionEntry? Test(string name) => Find(tests, name);

    private static JinjaFunctionEntry? Find(FrozenDictionary<string, JinjaFunctionEntry> table, string name)
    {
        if (table.TryGetValue(name, out var entry)) return entry;
        foreach (var prefix in CollectionPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && table.TryGetValue(name[prefix.Length..], out entry)) return entry;
        }

        return null;
    }
}
