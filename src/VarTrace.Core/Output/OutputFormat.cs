namespace VarTrace.Core.Output;

/// <summary>The output formats of <c>values</c> and <c>explain</c>.</summary>
public enum OutputFormat
{
    /// <summary>Aligned human-readable text (the default).</summary>
    Text,

    /// <summary>JSON with <c>schemaVersion</c> 1, for tools; see README "JSON output".</summary>
    Json,
}
