using System.Collections.Immutable;
using VarTrace.Core.Checks;
using VarTrace.Core.Checks.Rules.Jinja;
using VarTrace.Core.Checks.Rules.Loading;
using VarTrace.Core.Checks.Rules.Precedence;
using VarTrace.Core.Model;

namespace VarTrace.Core.Tests.Output;

/// <summary>One set of findings every formatter renders: several rules and severities, related locations, a parse error, a whole-file finding, a suppressed one, characters that need escaping.</summary>
internal static class DiagnosticCorpus
{
    public static CheckResult Create()
    {
        var fallback = new Diagnostic(
            UnreachableDefaultFallback.Descriptor,
            Severity.Warning,
            UnreachableDefaultFallback.Descriptor.Format("node_prefix", "block_size", "role defaults (role `net` defaults) at roles/net/defaults/main.yml:2:1", "group_vars/all.yml:2:1"),
            new SourceLocation("roles/net/tasks/main.yml", 3, 24),
            36,
            [new RelatedLocation(new SourceLocation("roles/net/defaults/main.yml", 2, 1), "`block_size` is defined: role defaults, role `net` defaults"),
             new RelatedLocation(new SourceLocation("group_vars/all.yml", 2, 1), "`node_prefix` is set, unused by this fallback: inventory group_vars, group `all`")])
        { Fingerprint = "0f3c2a9d8e7b6a5f4e3d2c1b0a998877" };
        var syntax = new Diagnostic(
            JinjaSyntaxError.Descriptor,
            Severity.Error,
            JinjaSyntaxError.Descriptor.Format("expected a filter name, found `}}`, 100% sure: a,b"),
            new SourceLocation("roles/web/tasks/main.yml", 3, 26),
            2,
            [])
        { Fingerprint = "1a2b3c4d5e6f708192a3b4c5d6e7f809" };
        var shadowed = new Diagnostic(
            ShadowedVarsFile.Descriptor,
            Severity.Warning,
            ShadowedVarsFile.Descriptor.Format("group_vars/all.yml", "all", "group_vars/all/"),
            new SourceLocation("group_vars/all.yml", 1, 1),
            0,
            [new RelatedLocation(SourceLocation.WholeFile("group_vars/all"), "read instead")])
        { Fingerprint = "2b3c4d5e6f708192a3b4c5d6e7f8091a" };
        var unanalysed = new Diagnostic(
            UnanalysedInput.Descriptor,
            Severity.Info,
            UnanalysedInput.Descriptor.Format("inventory script `inventory/ec2.py` is not analysed: VarTrace never runs inventory scripts"),
            SourceLocation.WholeFile("inventory/ec2.py"),
            0,
            [])
        { Fingerprint = "3c4d5e6f708192a3b4c5d6e7f8091a2b" };
        var suppressed = new Diagnostic(
            DuplicateKey.Descriptor,
            Severity.Warning,
            DuplicateKey.Descriptor.Format("http_port", 2),
            new SourceLocation("group_vars/web.yml", 4, 1),
            9,
            [])
        { Fingerprint = "4d5e6f708192a3b4c5d6e7f8091a2b3c" };
        var lines = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, ImmutableArray<string>>
        {
            ["roles/net/tasks/main.yml"] = ["---", "- ansible.builtin.debug:", "    msg: \"blockSize {{ block_size | default(node_prefix) }}\""],
            ["roles/web/tasks/main.yml"] = ["---", "- ansible.builtin.debug:", "    msg: \"{{ http_port | }}\""],
            ["group_vars/all.yml"] = ["http_port: 8080"],
        });
        return new CheckResult([shadowed, unanalysed, fallback, syntax], [suppressed], [], lines);
    }
}
