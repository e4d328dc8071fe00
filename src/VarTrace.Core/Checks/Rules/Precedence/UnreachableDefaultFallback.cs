using System.Collections.Immutable;
using VarTrace.Core.Checks.Scanning;
using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Jinja.Syntax.Ast;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;
using VarTrace.Core.Values;

namespace VarTrace.Core.Checks.Rules.Precedence;

/// <summary>
/// VT1002: <c>x | default(y)</c> where <c>x</c> is defined in every context the template runs in,
/// so a value the user set for <c>y</c> is never used there.
/// </summary>
public static class UnreachableDefaultFallback
{
    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT1002",
        "unreachable-default-fallback",
        "A default() fallback the user set is never used",
        "the fallback `{0}` is never used: `{1}` is always defined here, by {2}, so the `{0}` set at {3} has no effect on this value",
        RuleCategory.Precedence,
        Severity.Warning,
        RuleStatus.Preview,
        "0.1.0",
        "set the variable before `| default(` instead, or remove its definition so the fallback can apply");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on)
    {
        // Each site's default() calls are found once; every context of the site's owner counts them.
        var fallbacks = new Dictionary<TemplateSite, Tally[]>(ReferenceEqualityComparer.Instance);
        on.OnResolution(context =>
        {
            foreach (var site in context.Sites)
            {
                if (site.Tree is null) continue;
                if (!fallbacks.TryGetValue(site, out var tallies)) fallbacks[site] = tallies = Tallies(site);
                foreach (var tally in tallies) Count(tally, context);
            }
        });
        on.OnEnd(_ =>
        {
            foreach (var tally in fallbacks.Values.SelectMany(static t => t).Where(static t => t.Contexts > 0 && t.Defined == t.Contexts && t.UserValues.Count > 0))
            {
                var definer = tally.Definers.Values.First();
                var user = tally.UserValues.Values.OrderBy(static d => d.Assignment.Location.File, StringComparer.Ordinal).ThenBy(static d => d.Assignment.Location.Line).ToList();
                var location = tally.Site.Locate(tally.Filter.Span);
                var text = tally.Filter.Span.TextIn(tally.Site.Text);
                var related = tally.Definers.Values.Select(d => Definitions.Related(d, $"`{tally.Tested.Name}` is defined")).Concat(user.Select(d => Definitions.Related(d, $"`{d.Assignment.Name}` is set, unused by this fallback")));
                on.Report(
                    location,
                    text.Contains('\n', StringComparison.Ordinal) ? 0 : text.Length,
                    related,
                    tally.Fallback.Span.TextIn(tally.Site.Text),
                    tally.Tested.Name,
                    Definitions.Describe(definer),
                    user[0].Assignment.Location);
            }
        });
    }

    private static Tally[] Tallies(TemplateSite site) =>
    [
        .. NodeChildren.DescendantsAndSelf(site.Tree!).OfType<FilterExpression>()
            .Select(static filter => (Filter: filter, Parts: Fallback(filter)))
            .Where(static f => f.Parts is ({ }, { }))
            .Select(f => new Tally(site, f.Filter, f.Parts.Tested!, f.Parts.Fallback!)),
    ];

    /// <summary><c>name | default(fallback)</c> without the boolean flag (which also replaces falsy values).</summary>
    private static (NameExpression? Tested, Expression? Fallback) Fallback(FilterExpression filter)
    {
        if (filter.Name is not ("default" or "d") || filter.Operand is not NameExpression tested) return (null, null);
        if (filter.Arguments.Positional.Length != 1 || !filter.Arguments.Keywords.IsEmpty) return (null, null);
        return (tested, filter.Arguments.Positional[0]);
    }

    private static void Count(Tally tally, ResolvedContext context)
    {
        tally.Contexts++;
        var variables = context.Resolution.Variables;
        if (variables.TryGetValue(tally.Tested.Name, out var tested) && IsDefined(context, tested))
        {
            tally.Defined++;
            tally.Definers.TryAdd(tested.Winner.Assignment.Location, tested.Winner);
        }

        foreach (var name in tally.FallbackReads)
        {
            if (variables.TryGetValue(name.Name, out var fallback) && Definitions.IsUserSet(fallback.Winner))
            {
                tally.UserValues.TryAdd(fallback.Winner.Assignment.Location, fallback.Winner);
            }
        }
    }

    /// <summary>A templated value can still turn out undefined when it is evaluated; default() would then apply.</summary>
    private static bool IsDefined(ResolvedContext context, ResolvedVariable variable)
    {
        if (!variable.Value.IsTemplated) return variable.Value is not AnsibleUndefined;
        var evaluated = context.Evaluator.Variable(variable.Name);
        return evaluated is { Error: null, Value: not AnsibleUndefined };
    }

    private sealed class Tally(TemplateSite site, FilterExpression filter, NameExpression tested, Expression fallback)
    {
        public TemplateSite Site { get; } = site;

        public FilterExpression Filter { get; } = filter;

        public NameExpression Tested { get; } = tested;

        public Expression Fallback { get; } = fallback;

        public ImmutableArray<NameExpression> FallbackReads { get; } = VariableReferences.Collect(fallback).References;

        public int Contexts { get; set; }

        public int Defined { get; set; }

        public Dictionary<SourceLocation, AppliedDefinition> Definers { get; } = [];

        public Dictionary<SourceLocation, AppliedDefinition> UserValues { get; } = [];
    }
}
