using System.Text;
using System.Text.Json;
using VarTrace.Core.Checks;
using VarTrace.Core.Diff;
using VarTrace.Core.Model;

namespace VarTrace.Core.Output.Diff;

/// <summary>
/// <c>vartrace diff --format sarif</c>: SARIF 2.1.0 for code scanning and reviewdog, limited to
/// lines the change added or modified: each change whose head winner stands on such a line is a
/// note there, and each finding of <c>check</c> the change introduced on such a line is reported
/// at its severity, with the fingerprint <c>check --format sarif</c> gives it. Paths are relative
/// to the repository root (<c>%SRCROOT%</c>).
/// </summary>
public static class DiffSarifFormatter
{
    private static readonly (ChangeKind Kind, string Id, string Description)[] Rules =
    [
        (ChangeKind.ValueChanged, "diff/value-changed", "The change gives the variable another effective value on some hosts."),
        (ChangeKind.Added, "diff/added", "The change defines a variable that was not defined on some hosts."),
        (ChangeKind.Removed, "diff/removed", "The change removes a variable from some hosts."),
        (ChangeKind.SourceMoved, "diff/source-moved", "Another definition supplies the same value on some hosts."),
    ];

    /// <summary>Writes the SARIF log.</summary>
    public static void Write(TextWriter output, RevisionDiff diff)
    {
        var results = diff.Groups.Where(static g => g.OnChangedLine).ToList();
        var fired = Rules.Where(r => results.Any(g => g.Change.Kind == r.Kind)).ToList();
        var findings = diff.IntroducedFindings.Where(static f => f.OnChangedLine).Select(static f => f.Finding).ToList();
        var findingRules = findings.Select(static d => d.Rule).DistinctBy(static r => r.Id).OrderBy(static r => r.Id, StringComparer.Ordinal).ToList();
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, AnsibleValueJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            writer.WriteString("version", "2.1.0");
            writer.WriteStartArray("runs");
            writer.WriteStartObject();
            writer.WriteStartObject("tool");
            writer.WriteStartObject("driver");
            writer.WriteString("name", "vartrace");
            writer.WriteStartArray("rules");
            foreach (var rule in fired)
            {
                writer.WriteStartObject();
                writer.WriteString("id", rule.Id);
                writer.WriteStartObject("shortDescription");
                writer.WriteString("text", rule.Description);
                writer.WriteEndObject();
                writer.WriteStartObject("defaultConfiguration");
                writer.WriteString("level", "note");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            foreach (var rule in findingRules) WriteCheckRule(writer, rule);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartArray("results");
            foreach (var group in results) WriteResult(writer, group, diff.RepositoryPath, fired.FindIndex(r => r.Kind == group.Change.Kind));
            foreach (var finding in findings) WriteFinding(writer, finding, diff.RepositoryPath, fired.Count + findingRules.FindIndex(r => r.Id == finding.Rule.Id));
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        output.Write(Encoding.UTF8.GetString(stream.ToArray()));
        output.Write('\n');
    }

    private static void WriteCheckRule(Utf8JsonWriter writer, RuleDescriptor rule)
    {
        writer.WriteStartObject();
        writer.WriteString("id", rule.Id);
        writer.WriteString("name", rule.Name);
        writer.WriteStartObject("shortDescription");
        writer.WriteString("text", rule.Title);
        writer.WriteEndObject();
        writer.WriteStartObject("fullDescription");
        writer.WriteString("text", RuleDocumentation.Summary(rule.Id) is { Length: > 0 } summary ? summary : rule.Title);
        writer.WriteEndObject();
        writer.WriteStartObject("help");
        writer.WriteString("text", rule.Hint);
        writer.WriteEndObject();
        writer.WriteStartObject("defaultConfiguration");
        writer.WriteString("level", Level(rule.DefaultSeverity));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter writer, Diagnostic finding, string repositoryPath, int ruleIndex)
    {
        var location = finding.Location;
        writer.WriteStartObject();
        writer.WriteString("ruleId", finding.Rule.Id);
        writer.WriteNumber("ruleIndex", ruleIndex);
        writer.WriteString("level", Level(finding.Severity));
        writer.WriteStartObject("message");
        writer.WriteString("text", finding.Message);
        writer.WriteEndObject();
        writer.WriteStartArray("locations");
        writer.WriteStartObject();
        writer.WriteStartObject("physicalLocation");
        WriteArtifact(writer, location, repositoryPath);
        if (location.Line > 0)
        {
            writer.WriteStartObject("region");
            writer.WriteNumber("startLine", location.Line);
            writer.WriteNumber("startColumn", Math.Max(1, location.Column));
            if (finding.Length > 0) writer.WriteNumber("endColumn", Math.Max(1, location.Column) + finding.Length);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartObject("partialFingerprints");
        writer.WriteString("vartrace/v1", finding.Fingerprint);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteArtifact(Utf8JsonWriter writer, SourceLocation location, string repositoryPath)
    {
        writer.WriteStartObject("artifactLocation");
        writer.WriteString("uri", repositoryPath.Length == 0 ? location.File : $"{repositoryPath}/{location.File}");
        writer.WriteString("uriBaseId", "%SRCROOT%");
        writer.WriteEndObject();
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    private static void WriteResult(Utf8JsonWriter writer, ChangeGroup group, string repositoryPath, int ruleIndex)
    {
        var change = group.Change;
        var location = change.Head.Location!.Value;
        writer.WriteStartObject();
        writer.WriteString("ruleId", Rules.First(r => r.Kind == change.Kind).Id);
        writer.WriteNumber("ruleIndex", ruleIndex);
        writer.WriteString("level", "note");
        writer.WriteStartObject("message");
        writer.WriteString("text", Message(group));
        writer.WriteEndObject();
        writer.WriteStartArray("locations");
        writer.WriteStartObject();
        writer.WriteStartObject("physicalLocation");
        WriteArtifact(writer, location, repositoryPath);
        writer.WriteStartObject("region");
        writer.WriteNumber("startLine", location.Line);
        writer.WriteNumber("startColumn", Math.Max(1, location.Column));
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartObject("partialFingerprints");
        writer.WriteString("vartraceDiff/v1", $"{change.Variable}:{string.Join(',', group.Hosts)}");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string Message(ChangeGroup group)
    {
        var change = group.Change;
        var where = $"on {string.Join(", ", group.Hosts)} ({(group.Contexts.Length == 1 ? group.Contexts[0].ToString() : $"{group.Contexts.Length} contexts")})";
        var text = change.Kind switch
        {
            ChangeKind.ValueChanged => $"`{change.Variable}` changes from {change.Base.Value} to {change.Head.Value} {where}; the old value came from {change.Base.SourceText}",
            ChangeKind.Added => $"`{change.Variable}` is now defined as {change.Head.Value} {where}",
            ChangeKind.SourceMoved => $"`{change.Variable}` keeps {change.Head.Value} but now comes from here instead of {change.Base.SourceText} {where}",
            _ => throw new InvalidOperationException("a removed variable has no head location"),
        };
        return change.StoppedTakingEffect ? $"{text}; {change.Base.SourceText} no longer takes effect there" : text;
    }
}
