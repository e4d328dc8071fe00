using System.Runtime.CompilerServices;
using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;
using VarTrace.Core.Values;

namespace VarTrace.Core.Checks.Rules.Jinja;

/// <summary>
/// VT2002: a variable's value refers back to itself (directly or through other variables), so
/// templating it fails with Ansible's "recursive loop detected".
/// </summary>
public static class TemplateRecursion
{
    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT2002",
        "template-recursion",
        "A variable's value refers back to itself",
        "`{0}` refers back to itself ({1}), so templating it fails with Ansible's recursive loop error",
        RuleCategory.Jinja,
        Severity.Error,
        RuleStatus.Preview,
        "0.1.0",
        "give the new value another name; a variable cannot be defined from its own earlier value");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on)
    {
        var references = new ConditionalWeakTable<Assignment, string[]>();
        on.OnResolution(context =>
        {
            var variables = context.Resolution.Variables;
            string[] ReadsOf(string name) =>
                variables.TryGetValue(name, out var v) && v.Value.IsTemplated ? references.GetValue(v.Winner.Assignment, static a => Reads(a.Value)) : [];

            foreach (var variable in variables.Values)
            {
                if (!variable.Value.IsTemplated) continue;
                if (FindCycle(variable.Name, ReadsOf) is not { } cycle) continue;

                // The evaluator decides: a reference in a branch not taken does not recurse.
                if (context.Evaluator.Variable(variable.Name)?.Error is not { } error || !error.Contains("recursive loop", StringComparison.Ordinal)) continue;
                on.Report(variable.Winner.Assignment.Location, variable.Name.Length, [], variable.Name, string.Join(" -> ", cycle.Select(static n => $"`{n}`")));
            }
        });
    }

    /// <summary>The path from <paramref name="start"/> back to itself, if there is one.</summary>
    private static List<string>? FindCycle(string start, Func<string, string[]> readsOf)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string> { start };
        bool Walk(string name)
        {
            foreach (var next in readsOf(name))
            {
                if (next == start)
                {
                    path.Add(next);
                    return true;
                }

                if (!visited.Add(next)) continue;
                path.Add(next);
                if (Walk(next)) return true;
                path.RemoveAt(path.Count - 1);
            }

            return false;
        }

        return Walk(start) ? path : null;
    }

    private static string[] Reads(AnsibleValue value)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Collect(value, names);
        return [.. names];
    }

    private static void Collect(AnsibleValue value, HashSet<string> names)
    {
        switch (value)
        {
            case AnsibleString s when s.IsTemplated:
                if (JinjaParser.Ansible.TryParseTemplate(s.Value, out var tree, out _))
                {
                    foreach (var name in VariableReferences.Collect(tree).References) names.Add(name.Name);
                }

                break;
            case AnsibleList list:
                foreach (var item in list.Items) Collect(item, names);
                break;
            case AnsibleDict dict:
                foreach (var entry in dict.Entries)
                {
                    Collect(entry.Key, names);
                    Collect(entry.Value, names);
                }

                break;
        }
    }
}
