using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Jinja.Syntax.Ast;
using VarTrace.Core.Model;
using VarTrace.Core.Precedence;

namespace VarTrace.Core.Checks.Rules.Kubespray;

/// <summary>
/// VT4005: the user set a variable kubespray removed or renamed, and nothing in the checkout reads
/// its value any more (at most an assert that it is not defined).
/// </summary>
public static class RemovedKubesprayVariable
{
    /// <summary>
    /// Names kubespray stopped reading, with what replaced them. Sources: calico's tasks/check.yml
    /// (legacy encapsulation names, the <c>calcio_</c> typo), preinstall's 0040-verify-settings.yml
    /// and validate_inventory's asserts and <c>removed_vars</c> list (v2.23 to v2.31).
    /// </summary>
    private static readonly Dictionary<string, string> Removed = new(StringComparer.Ordinal)
    {
        ["ipip"] = "set `calico_ipip_mode` to `Always` or `CrossSubnet` instead (calico's check.yml stops the deploy while `ipip` is defined)",
        ["ipip_mode"] = "set `calico_ipip_mode` instead (calico's check.yml stops the deploy while `ipip_mode` is defined)",
        ["calcio_ipam_autoallocateblocks"] = "the name is a typo kubespray rejects; set `calico_ipam_autoallocateblocks` instead",
        ["etcd_kubeadm_enabled"] = "set `etcd_deployment_type: kubeadm` instead (removed in kubespray 2.28)",
        ["containerd_config"] = "use the `containerd_*` variables of the sample inventory's containerd.yml instead (preinstall stops the deploy while it is defined)",
        ["enable_dual_stack_networks"] = "set `ipv4_stack` and `ipv6_stack` instead (deprecated in kubespray 2.28)",
        ["kubelet_static_pod_path"] = "removed in kubespray 2.31; validate_inventory stops the deploy while it is set",
        ["eviction_hard_control_plane"] = "removed in kubespray 2.31; validate_inventory stops the deploy while it is set",
    };

    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT4005",
        "removed-kubespray-variable",
        "A variable kubespray removed or renamed",
        "`{0}` is no longer read by this kubespray checkout: {1}",
        RuleCategory.Kubespray,
        Severity.Warning,
        RuleStatus.Preview,
        "0.1.0",
        "rename or delete the variable as the message says");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on)
    {
        var set = new Dictionary<SourceLocation, AppliedDefinition>();
        on.OnResolution(context =>
        {
            foreach (var name in Removed.Keys)
            {
                if (!context.Resolution.Variables.TryGetValue(name, out var variable)) continue;
                foreach (var applied in variable.Applied)
                {
                    if (Definitions.IsUserSet(applied) || applied.Source.Level == PrecedenceLevel.ExtraVars) set.TryAdd(applied.Assignment.Location, applied);
                }
            }
        });
        on.OnEnd(end =>
        {
            if (set.Count == 0) return;
            var read = ValueReads(end.Scan.Sites);
            foreach (var definition in set.Values)
            {
                var name = definition.Assignment.Name;
                if (read.Contains(name)) continue;
                on.Report(definition.Assignment.Location, name.Length, [], name, Removed[name]);
            }
        });
    }

    /// <summary>Names some template or condition reads as a value: anything but the operand of a <c>defined</c>/<c>undefined</c> test.</summary>
    private static HashSet<string> ValueReads(IEnumerable<Scanning.TemplateSite> sites)
    {
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var site in sites)
        {
            if (site.Tree is null) continue;
            var testedOnly = new HashSet<JinjaNode>(ReferenceEqualityComparer.Instance);
            foreach (var node in NodeChildren.DescendantsAndSelf(site.Tree))
            {
                if (node is TestExpression { Name: "defined" or "undefined", Operand: NameExpression operand }) testedOnly.Add(operand);
            }

            site.AddNamesRead(read, testedOnly);
        }

        return read;
    }
}
