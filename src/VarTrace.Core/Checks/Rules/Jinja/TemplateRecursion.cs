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
        var references = new Dictionary<Assignment, string[]>(ReferenceEqualityComparer.Instance);

        // Hosts of the same groups resolve a context to the very same templated definitions; the
        // cycles among them are found once per distinct set.
        var cyclesByDefinitions = new Dictionary<DefinitionSet, HashSet<string>>();
        on.OnResolution(context =>
        {
            var variables = context.Resolution.Variables;
            string[] ReadsOf(string name)
            {
                if (!variables.TryGetValue(name, out var v) || !v.Value.IsTemplated) return [];
                if (!references.TryGetValue(v.Winner.Assignment, out var reads)) references[v.Winner.Assignment] = reads = Reads(v.Value);
                return reads;
            }

            var templated = context.Resolution.NamesAssigned(static (_, assignment) => assignment.Value.IsTemplated)
                .Select(name => variables[name])
                .Where(static v => v.Value.IsTemplated)
                .ToList();
            var definitions = new DefinitionSet([.. templated.Select(static v => v.Winner.Assignment)]);
            if (!cyclesByDefinitions.TryGetValue(definitions, out var onCycles)) cyclesByDefinitions[definitions] = onCycles = NamesOnCycles(templated, ReadsOf);
            foreach (var variable in templated)
            {
                if (!onCycles.Contains(variable.Name)) continue;
                if (FindCycle(variable.Name, ReadsOf) is not { } cycle) continue;

                // The evaluator decides: a reference in a branch not taken does not recurse.
                if (context.Evaluator.Variable(variable.Name)?.Error is not { } error || !error.Contains("recursive loop", StringComparison.Ordinal)) continue;
                on.Report(variable.Winner.Assignment.Location, variable.Name.Length, [], variable.Name, string.Join(" -> ", cycle.Select(static n => $"`{n}`")));
            }
        });
    }

    /// <summary>
    /// The templated variables that lie on some cycle of "reads" edges: the members of strongly
    /// connected components with more than one member or a self-loop (Tarjan, iterative so a long
    /// chain of variables cannot exhaust the stack). Only these can recurse, and a context has
    /// thousands of variables, so the path search runs for these alone.
    /// </summary>
    private static HashSet<string> NamesOnCycles(List<ResolvedVariable> templated, Func<string, string[]> readsOf)
    {
        var ids = new Dictionary<string, int>(templated.Count, StringComparer.Ordinal);
        foreach (var variable in templated) ids[variable.Name] = ids.Count;
        var edges = new int[templated.Count][];
        for (var i = 0; i < templated.Count; i++)
        {
            edges[i] = [.. readsOf(templated[i].Name).Select(n => ids.GetValueOrDefault(n, -1)).Where(static id => id >= 0)];
        }

        var order = new int[edges.Length];
        var low = new int[edges.Length];
        var onStack = new bool[edges.Length];
        Array.Fill(order, -1);
        var stack = new Stack<int>();
        var frames = new Stack<(int Node, int Edge)>();
        var onCycles = new HashSet<string>(StringComparer.Ordinal);
        var counter = 0;
        for (var root = 0; root < edges.Length; root++)
        {
            if (order[root] >= 0) continue;
            frames.Push((root, 0));
            order[root] = low[root] = counter++;
            stack.Push(root);
            onStack[root] = true;
            while (frames.Count > 0)
            {
                var (node, edge) = frames.Pop();
                if (edge < edges[node].Length)
                {
                    frames.Push((node, edge + 1));
                    var next = edges[node][edge];
                    if (order[next] < 0)
                    {
                        order[next] = low[next] = counter++;
                        stack.Push(next);
                        onStack[next] = true;
                        frames.Push((next, 0));
                    }
                    else if (onStack[next])
                    {
                        low[node] = Math.Min(low[node], order[next]);
                    }

                    continue;
                }

                if (frames.Count > 0) low[frames.Peek().Node] = Math.Min(low[frames.Peek().Node], low[node]);
                if (low[node] != order[node]) continue;
                var members = new List<int>();
                int member;
                do
                {
                    member = stack.Pop();
                    onStack[member] = false;
                    members.Add(member);
                }
                while (member != node);
                if (members.Count > 1 || edges[node].Contains(node))
                {
                    foreach (var m in members) onCycles.Add(templated[m].Name);
                }
            }
        }

        return onCycles;
    }

    /// <summary>The winning definitions of a context's templated variables, in order, compared by identity.</summary>
    private sealed class DefinitionSet(Assignment[] assignments) : IEquatable<DefinitionSet>
    {
        private readonly Assignment[] _assignments = assignments;
        private readonly int _hash = Hash(assignments);

        public bool Equals(DefinitionSet? other) =>
            other is not null && other._hash == _hash && other._assignments.AsSpan().SequenceEqual(_assignments, ReferenceEqualityComparer.Instance);

        public override bool Equals(object? obj) => Equals(obj as DefinitionSet);

        public override int GetHashCode() => _hash;

        private static int Hash(Assignment[] assignments)
        {
            var hash = new HashCode();
            foreach (var assignment in assignments) hash.Add(RuntimeHelpers.GetHashCode(assignment));
            return hash.ToHashCode();
        }
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
