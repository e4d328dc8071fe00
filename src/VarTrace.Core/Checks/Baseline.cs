using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using VarTrace.Core.Model;

namespace VarTrace.Core.Checks;

/// <summary>
/// The findings a team accepted when adopting VarTrace: a JSON file of fingerprints. Findings
/// whose fingerprint is recorded are not shown again; new ones are.
/// </summary>
public sealed class Baseline
{
    private const int SchemaVersion = 1;

    private Baseline(ImmutableDictionary<string, int> counts) => Counts = counts;

    /// <summary>How many findings of each fingerprint were accepted.</summary>
    public ImmutableDictionary<string, int> Counts { get; }

    /// <summary>Reads a baseline file.</summary>
    /// <exception cref="VarTraceException">The file is missing or not a baseline.</exception>
    public static Baseline Load(string path)
    {
        var location = SourceLocation.WholeFile(path);
        if (!File.Exists(path)) throw new VarTraceException(location, "baseline file not found");
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path));
            if (root?["schemaVersion"]?.GetValue<int>() != SchemaVersion) throw new VarTraceException(location, $"not a VarTrace baseline (schemaVersion {SchemaVersion})");
            var counts = (root["findings"]?.AsArray() ?? [])
                .Select(static f => f?["fingerprint"]?.GetValue<string>() ?? string.Empty)
                .GroupBy(static f => f, StringComparer.Ordinal)
                .ToImmutableDictionary(static g => g.Key, static g => g.Count(), StringComparer.Ordinal);
            return new Baseline(counts);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new VarTraceException(location, $"the baseline is not valid JSON: {e.Message}");
        }
    }

    /// <summary>Writes the findings of <paramref name="diagnostics"/> as a baseline.</summary>
    public static void Write(TextWriter writer, IEnumerable<Diagnostic> diagnostics)
    {
        var findings = new JsonArray();
        foreach (var d in diagnostics)
        {
            findings.Add(new JsonObject
            {
                ["ruleId"] = d.Rule.Id,
                ["file"] = d.Location.File,
                ["fingerprint"] = d.Fingerprint,
                ["message"] = d.Message,
            });
        }

        var root = new JsonObject { ["schemaVersion"] = SchemaVersion, ["findings"] = findings };
        writer.Write(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n"));
        writer.Write('\n');
    }

    /// <summary>Splits <paramref name="diagnostics"/> into new findings and those the baseline accepted.</summary>
    public (ImmutableArray<Diagnostic> New, ImmutableArray<Diagnostic> Known) Split(IEnumerable<Diagnostic> diagnostics)
    {
        var remaining = Counts.ToDictionary(StringComparer.Ordinal);
        var fresh = ImmutableArray.CreateBuilder<Diagnostic>();
        var known = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var d in diagnostics)
        {
            if (remaining.TryGetValue(d.Fingerprint, out var left) && left > 0)
            {
                remaining[d.Fingerprint] = left - 1;
                known.Add(d);
            }
            else
            {
                fresh.Add(d);
            }
        }

        return (fresh.ToImmutable(), known.ToImmutable());
    }
}
