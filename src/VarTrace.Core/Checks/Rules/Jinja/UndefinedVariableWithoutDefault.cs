using System.Collections.Frozen;
using VarTrace.Core.Checks.Scanning;
using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Jinja.Syntax.Ast;

namespace VarTrace.Core.Checks.Rules.Jinja;

/// <summary>
/// VT2001: a task's template reads a variable that no source defines for any host it runs on, and
/// no <c>default()</c> or <c>is defined</c> guards it.
/// </summary>
public static class UndefinedVariableWithoutDefault
{
    /// <summary>Names Ansible or Jinja provide while a task runs, which no static source shows.</summary>
    private static readonly FrozenSet<string> RuntimeProvided = FrozenSet.Create(
        StringComparer.Ordinal,
        "item", "loop", "ansible_loop", "ansible_index_var", "lookup", "query", "q", "now", "range", "dict", "lipsum", "undef", "namespace", "cycler", "joiner",
        "true", "false", "none", "True", "False", "None", "vars", "environment", "hostvars", "groups", "omit", "play_hosts", "inventory_hostname",
        "ansible_facts", "ansible_failed_task", "ansible_failed_result", "ansible_check_mode", "ansible_diff_mode", "ansible_run_tags", "ansible_skip_tags",
        "ansible_verbosity", "ansible_config_file", "ansible_forks", "ansible_search_path", "ansible_limit", "ansible_parent_role_names", "ansible_parent_role_paths");

    private static readonly FrozenSet<string> GuardTests = FrozenSet.Create(StringComparer.Ordinal, "defined", "undefined", "none");

    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT2001",
        "undefined-variable-without-default",
        "A task reads a variable no source defines, without a default",
        "`{0}` is not defined for any host this runs on ({1}), and nothing gives it a default",
        RuleCategory.Jinja,
        Severity.Warning,
        RuleStatus.Preview,
        "0.1.0",
        "define it (role defaults are the usual place), or write `{{ name | default(...) }}`");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on)
    {
        var guarded = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var reads = new Dictionary<(TemplateSite Site, int Start), Tally>();
        on.OnTemplate(site =>
        {
            if (site.Tree is null) return;
            if (!guarded.TryGetValue(site.File.Path, out var names)) guarded[site.File.Path] = names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in NodeChildren.DescendantsAndSelf(site.Tree))
            {
                var operand = node switch
                {
                    FilterExpression { Name: "default" or "d" } filter => filter.Operand,
                    TestExpression test when GuardTests.Contains(test.Name) => test.Operand,
                    _ => null,
                };
                if (operand is not null) names.UnionWith(NodeChildren.DescendantsAndSelf(operand).OfType<NameExpression>().Select(static n => n.Name));
            }
        });
        FrozenSet<string>? runtimeNames = null;
        on.OnResolution(context =>
        {
            // A role brought in with `when:` may never run there; only unconditional roles count.
            if (context.Resolution.Context.DependencyChain.Any(static r => !r.Reference.When.IsEmpty)) return;
            foreach (var site in context.Sites)
            {
                var fileGuards = guarded.GetValueOrDefault(site.File.Path);
                foreach (var name in site.References)
                {
                    if (RuntimeProvided.Contains(name.Name) || name.Name.StartsWith("ansible_", StringComparison.Ordinal) || fileGuards?.Contains(name.Name) == true) continue;
                    if (!reads.TryGetValue((site, name.Span.Start), out var tally)) reads[(site, name.Span.Start)] = tally = new Tally(site, name);
                    tally.Contexts++;
                    tally.Roles.Add(context.Resolution.Context.Role?.Name ?? context.Resolution.Context.Play?.Title ?? "no play");
                    if (!context.Resolution.Variables.ContainsKey(name.Name)) tally.Undefined++;
                }
            }
        });
        on.OnEnd(end =>
        {
            runtimeNames = end.Scan.RuntimeNames;
            foreach (var tally in reads.Values.Where(static t => t.Contexts > 0 && t.Undefined == t.Contexts))
            {
                if (runtimeNames.Contains(tally.Name.Name) || (tally.Site.Owner is { } owner && end.Scan.OwnersWithIncludeVars.Contains(owner))) continue;
                var where = string.Join(", ", tally.Roles.Order(StringComparer.Ordinal).Select(static r => r.StartsWith("play ", StringComparison.Ordinal) ? r : $"role `{r}`"));
                on.Report(tally.Site.Locate(tally.Name.Span), tally.Name.Name.Length, [], tally.Name.Name, where);
            }
        });
    }

    private sealed class Tally(TemplateSite site, NameExpression name)
    {
        public TemplateSite Site { get; } = site;

        public NameExpression Name { get; } = name;

        public int Contexts { get; set; }

        public int Undefined { get; set; }

        public HashSet<string> Roles { get; } = new(StringComparer.Ordinal);
    }
}
