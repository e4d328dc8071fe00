namespace VarTrace.Core.Checks.Rules.Loading;

/// <summary>VT0002: a key written twice in the same YAML mapping; the earlier value is silently dropped.</summary>
public static class DuplicateKey
{
    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT0002",
        "duplicate-key",
        "A key is written twice in the same mapping",
        "`{0}` is written again in the same mapping, so the value at line {1} is ignored",
        RuleCategory.Loading,
        Severity.Warning,
        RuleStatus.Preview,
        "0.1.0",
        "delete one of the two entries so the file says what Ansible uses");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on) =>
        on.OnFile(file =>
        {
            // A key overriding one merged in by `<<` is how YAML writes an override, not a mistake.
            foreach (var duplicate in file.DuplicateKeys.Where(static d => !d.InvolvesMerge))
            {
                on.Report(duplicate.Location, duplicate.Key.Length, [new RelatedLocation(duplicate.First, $"`{duplicate.Key}` first written here")], duplicate.Key, duplicate.First.Line);
            }
        });
}
