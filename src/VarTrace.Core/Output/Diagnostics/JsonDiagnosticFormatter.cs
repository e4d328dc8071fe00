using System.Text.Json;
using System.Text.Json.Nodes;
using VarTrace.Core.Checks;
using VarTrace.Core.Model;

namespace VarTrace.Core.Output.Diagnostics;

/// <summary>VarTrace's JSON report, schema version 1 (see README, "check").</summary>
public sealed class JsonDiagnosticFormatter : IDiagnosticFormatter
{
    /// <summary>The schema version written; it changes when a field changes meaning or goes away.</summary>
    public const int SchemaVersion = 1;

    /// <inheritdoc />
    public void Write(TextWriter writer, CheckResult result)
    {
        var diagnostics = new JsonArray();
        foreach (var d in result.Diagnostics)
        {
            var related = new JsonArray();
            foreach (var r in d.Related)
            {
                var entry = Location(r.Location);
                entry["message"] = r.Message;
                related.Add(entry);
            }

            var item = new JsonObject
            {
                ["ruleId"] = d.Rule.Id,
                ["ruleName"] = d.Rule.Name,
                ["severity"] = d.Severity.Name(),
                ["message"] = d.Message,
                ["hint"] = d.Hint,
            };
            foreach (var (key, value) in Location(d.Location)) item[key] = value?.DeepClone();
            item["length"] = d.Length;
            item["related"] = related;
            item["fingerprint"] = d.Fingerprint;
            diagnostics.Add(item);
        }

        var root = new JsonObject
        {
            ["schemaVersion"] = SchemaVersion,
            ["diagnostics"] = diagnostics,
            ["summary"] = new JsonObject
            {
                ["errors"] = result.Diagnostics.Count(static d => d.Severity == Severity.Error),
                ["warnings"] = result.Diagnostics.Count(static d => d.Severity == Severity.Warning),
                ["infos"] = result.Diagnostics.Count(static d => d.Severity == Severity.Info),
                ["suppressed"] = result.Suppressed.Length,
                ["baselined"] = result.Baselined.Length,
            },
        };
        writer.Write(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n"));
        writer.Write('\n');
    }

    private static JsonObject Location(SourceLocation location) => new()
    {
        ["file"] = location.File,
        ["line"] = location.Line > 0 ? location.Line : null,
        ["column"] = location.Line > 0 ? location.Column : null,
    };
}
