using System.Text.Json;
using System.Text.Json.Nodes;
using VarTrace.Core.Checks;

namespace VarTrace.Core.Output.Diagnostics;

/// <summary>
/// GitLab's code quality report: a JSON array of issues with <c>description</c>, <c>check_name</c>,
/// <c>fingerprint</c>, <c>severity</c> (info, minor, major, critical, blocker) and <c>location</c>.
/// </summary>
public sealed class GitLabCodeQualityFormatter : IDiagnosticFormatter
{
    /// <inheritdoc />
    public void Write(TextWriter writer, CheckResult result)
    {
        var issues = new JsonArray();
        foreach (var d in result.Diagnostics)
        {
            issues.Add(new JsonObject
            {
                ["description"] = $"{d.Rule.Id}: {d.Message}",
                ["check_name"] = d.Rule.Name,
                ["fingerprint"] = d.Fingerprint,
                ["severity"] = d.Severity switch { Severity.Error => "critical", Severity.Warning => "major", _ => "info" },
                ["location"] = new JsonObject
                {
                    ["path"] = d.Location.File,
                    ["lines"] = new JsonObject { ["begin"] = Math.Max(1, d.Location.Line) },
                },
            });
        }

        writer.Write(issues.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n"));
        writer.Write('\n');
    }
}
