namespace VarTrace.Core.Checks.Rules.Precedence;

/// <summary>
/// VT1004: a group_vars or host_vars file Ansible never reads, because another candidate for the
/// same name comes first (<c>web/</c> before <c>web.yml</c> before <c>web.yaml</c> before <c>web.json</c>).
/// </summary>
public static class ShadowedVarsFile
{
    /// <summary>The rule's metadata.</summary>
    public static RuleDescriptor Descriptor { get; } = new(
        "VT1004",
        "shadowed-vars-file",
        "A group_vars or host_vars file is never read",
        "`{0}` is never read: Ansible reads only the first of `{1}`, `{1}.yml`, `{1}.yaml`, `{1}.json` that exists, and `{2}` exists",
        RuleCategory.Precedence,
        Severity.Warning,
        RuleStatus.Preview,
        "0.1.0",
        "move its variables into the file that is read, then delete it");

    /// <summary>Subscribes the rule's checks.</summary>
    public static void Register(RuleRegistration on) =>
        on.OnEntityVars(candidates =>
        {
            foreach (var (path, readInstead) in candidates.Shadowed)
            {
                var read = readInstead.TrimEnd('/');
                on.Report(
                    Definitions.FileStart(path),
                    0,
                    [new RelatedLocation(readInstead.EndsWith('/') ? Model.SourceLocation.WholeFile(read) : Definitions.FileStart(read), "read instead")],
                    path,
                    candidates.Entity,
                    readInstead);
            }
        });
}
