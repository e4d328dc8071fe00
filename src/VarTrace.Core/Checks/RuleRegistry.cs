using System.Collections.Immutable;
using VarTrace.Core.Checks.Rules.Hygiene;
using VarTrace.Core.Checks.Rules.Jinja;
using VarTrace.Core.Checks.Rules.Kubespray;
using VarTrace.Core.Checks.Rules.Loading;
using VarTrace.Core.Checks.Rules.Precedence;

namespace VarTrace.Core.Checks;

/// <summary>A rule: its descriptor and the method that subscribes its checks.</summary>
/// <param name="Descriptor">The rule's metadata.</param>
/// <param name="Register">Subscribes the rule's checks for one run.</param>
public sealed record RuleEntry(RuleDescriptor Descriptor, Action<RuleRegistration> Register);

/// <summary>Every rule, one line each, in ID order.</summary>
public static class RuleRegistry
{
    /// <summary>All rules.</summary>
    public static ImmutableArray<RuleEntry> All { get; } =
    [
        new(UnreadableFile.Descriptor, UnreadableFile.Register),
        new(DuplicateKey.Descriptor, DuplicateKey.Register),
        new(UnquotedTemplateValue.Descriptor, UnquotedTemplateValue.Register),
        new(UnanalysedInput.Descriptor, UnanalysedInput.Register),
        new(ValueNeverTakesEffect.Descriptor, ValueNeverTakesEffect.Register),
        new(UnreachableDefaultFallback.Descriptor, UnreachableDefaultFallback.Register),
        new(SiblingGroupsDecideByName.Descriptor, SiblingGroupsDecideByName.Register),
        new(ShadowedVarsFile.Descriptor, ShadowedVarsFile.Register),
        new(UndefinedVariableWithoutDefault.Descriptor, UndefinedVariableWithoutDefault.Register),
        new(TemplateRecursion.Descriptor, TemplateRecursion.Register),
        new(JinjaSyntaxError.Descriptor, JinjaSyntaxError.Register),
        new(CertainlyFailingAssert.Descriptor, CertainlyFailingAssert.Register),
        new(UndecidableAssert.Descriptor, UndecidableAssert.Register),
        new(UnusedUserVariable.Descriptor, UnusedUserVariable.Register),
        new(CalicoBlockSizeIgnoresNodePrefix.Descriptor, CalicoBlockSizeIgnoresNodePrefix.Register),
        new(PodSubnetTooSmallForNodes.Descriptor, PodSubnetTooSmallForNodes.Register),
        new(OverlappingClusterNetworks.Descriptor, OverlappingClusterNetworks.Register),
        new(UnselectedNetworkPluginVariable.Descriptor, UnselectedNetworkPluginVariable.Register),
        new(RemovedKubesprayVariable.Descriptor, RemovedKubesprayVariable.Register),
    ];

    /// <summary>The rule with ID or name <paramref name="idOrName"/> (case-insensitive), or null.</summary>
    public static RuleEntry? Find(string idOrName) =>
        All.FirstOrDefault(r => string.Equals(r.Descriptor.Id, idOrName, StringComparison.OrdinalIgnoreCase) || string.Equals(r.Descriptor.Name, idOrName, StringComparison.OrdinalIgnoreCase));
}
