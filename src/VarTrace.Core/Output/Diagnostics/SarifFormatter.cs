using System.Text.Json;
using System.Text.Json.Nodes;
using VarTrace.Core.Checks;
using VarTrace.Core.Model;

namespace VarTrace.Core.Output.Diagnostics;

/// <summary>
/// SARIF 2.1.0: one run, <c>rules</c> built from the descriptors that fired (sorted by ID), paths
/// relative to the <c>SRCROOT</c> base, stable <c>partialFingerprints</c>, related locations for the
/// definitions involved, and each rule's page as its help.
/// </summary>
public sealed class SarifFormatter : IDiagnosticFormatter
{
    private const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <inheritdoc />
    public void Write(TextWriter writer, CheckResult result)
    {
        var rules = result.RulesThatFired;
        var rulesArray = new JsonArray();
        foreach (var rule in rules)
        {
            rulesArray.Add(new JsonObject
            {
                ["id"] = rule.Id,
                ["name"] = rule.Name,
                ["shortDescription"] = new JsonObject { ["text"] = rule.Title },
                ["fullDescription"] = new JsonObject { ["text"] = RuleDocumentation.Summary(rule.Id) is { Length: > 0 } summary ? summary : rule.Title },
                ["help"] = new JsonObject { ["text"] = rule.Hint, ["markdown"] = rule.Documentation },
                ["defaultConfiguration"] = new JsonObject { ["level"] = Level(rule.DefaultSeverity) },
                ["properties"] = new JsonObject { ["category"] = rule.Category.ToString(), ["status"] = rule.Status.ToString() },
            });
        }

        var results = new JsonArray();
        foreach (var d in result.Diagnostics)
        {
            var related = new JsonArray();
            for (var i = 0; i < d.Related.Length; i++)
            {
                var location = Location(d.Related[i].Location);
                location["id"] = i;
                location["message"] = new JsonObject { ["text"] = d.Related[i].Message };
                related.Add(location);
            }

            var item = new JsonObject
            {
                ["ruleId"] = d.Rule.Id,
                ["ruleIndex"] = rules.IndexOf(d.Rule),
                ["level"] = Level(d.Severity),
                ["message"] = new JsonObject { ["text"] = d.Message },
                ["locations"] = new JsonArray(Location(d.Location, d.Length)),
                ["partialFingerprints"] = new JsonObject { ["vartrace/v1"] = d.Fingerprint },
            };
            if (related.Count > 0) item["relatedLocations"] = related;
            results.Add(item);
        }

        var root = new JsonObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "VarTrace",
                        ["rules"] = rulesArray,
                    },
                },
                ["originalUriBaseIds"] = new JsonObject { ["SRCROOT"] = new JsonObject { ["description"] = new JsonObject { ["text"] = "The root of the checked checkout" } } },
                ["columnKind"] = "utf16CodeUnits",
                ["results"] = results,
            }),
        };
        writer.Write(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n"));
        writer.Write('\n');
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    private static JsonObject Location(SourceLocation location, int length = 0)
    {
        var physical = new JsonObject
        {
            ["artifactLocation"] = new JsonObject { ["uri"] = Uri.EscapeDataString(location.File).Replace("%2F", "/", StringComparison.Ordinal), ["uriBaseId"] = "SRCROOT" },
        };
        if (location.Line > 0)
        {
            var region = new JsonObject { ["startLine"] = location.Line, ["startColumn"] = Math.Max(1, location.Column) };
            if (length > 0) region["endColumn"] = Math.Max(1, location.Column) + length;
            physical["region"] = region;
        }

        return new JsonObject { ["physicalLocation"] = physical };
    }
}
