using VarTrace.Core.Model;
using VarTrace.Core.Precedence;

namespace VarTrace.Core.Checks.Rules.Kubespray;

/// <summary>
/// VT4004: the user set variables of a network plugin (<c>flannel_*</c>, <c>cilium_*</c>...) while
/// <c>kube_network_plugin</c> selects another one, so kubespray never runs the role that reads them.
/// </summary>
public static class UnselectedNetworkPluginVariable
{
    /// <summary>kubespray's network plugins (values of <c>kube_network_plugin</c>) and the prefix of their roles' variables.</summary>
    private static readonly (string Plugin, string Prefix)[] Plugins =
    [
        ("calico", "calico_"),
        ("cilium", "cilium_"),
        ("custom_cni", "custom_cni_"),
        ("flannel", "flannel_"),
        ("kube-ovn", "kube_ovn_"),
        ("kube-router", "kube_router_"),
        ("macvlan", "macvlan_"),
        ("weave", "weave_"),
    ];

    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT4004",
        "unselected-network-plugin-variable",
        "Variables set for a network plugin that is not selected",
        "{0} for the `{1}` network plugin, but `kube_network_plugin` is `{2}` here: {3}",
        RuleCategory.Kubespray,
        Severity.Info,
        RuleStatus.Preview,
        "0.1.0",
        "delete or comment out the settings of plugins you do not use, or select the plugin they are for");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on)
    {
        // One finding per file, plugin and selected plugin: kubespray's sample inventory sets a whole file of kube_ovn_* at once.
        var unused = new Dictionary<(string File, string Plugin, string Selected), Dictionary<SourceLocation, AppliedDefinition>>();
        on.OnResolution(context =>
        {
            if (KubesprayNetwork.Plugin(context) is not { } selected) return;
            foreach (var name in context.Resolution.NamesAssigned(static (source, assignment) => Definitions.IsUserSet(source, assignment) && Plugins.Any(p => assignment.Name.StartsWith(p.Prefix, StringComparison.Ordinal))))
            {
                var variable = context.Resolution.Variables[name];
                if (!Definitions.IsUserSet(variable.Winner)) continue;
                var (plugin, _) = Plugins.FirstOrDefault(p => variable.Name.StartsWith(p.Prefix, StringComparison.Ordinal));
                if (plugin is null || plugin == selected.Value) continue;
                var key = (variable.Winner.Assignment.Location.File, plugin, selected.Value);
                if (!unused.TryGetValue(key, out var definitions)) unused[key] = definitions = [];
                definitions.TryAdd(variable.Winner.Assignment.Location, variable.Winner);
            }
        });
        on.OnEnd(_ =>
        {
            foreach (var ((_, plugin, selected), definitions) in unused)
            {
                var ordered = definitions.Values.OrderBy(static d => d.Assignment.Location.Line).ThenBy(static d => d.Assignment.Location.Column).ToList();
                var first = ordered[0];
                var prefix = Plugins.First(p => p.Plugin == plugin).Prefix;
                var what = ordered.Count == 1
                    ? $"`{first.Assignment.Name}` is set"
                    : $"`{first.Assignment.Name}` and {ordered.Count - 1} more `{prefix}*` variables in this file are set";
                on.Report(
                    first.Assignment.Location,
                    first.Assignment.Name.Length,
                    ordered.Skip(1).Select(static d => new RelatedLocation(d.Assignment.Location, $"`{d.Assignment.Name}` is set too")),
                    what,
                    plugin,
                    selected,
                    ordered.Count == 1 ? "it never takes effect" : "they never take effect");
            }
        });
    }
}
