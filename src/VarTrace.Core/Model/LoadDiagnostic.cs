namespace VarTrace.Core.Model;

/// <summary>
/// A problem found while reading the checkout that does not block the answer (a file that could
/// not be parsed is skipped, a vaulted value is opaque). Collected, never thrown.
/// </summary>
public sealed record LoadDiagnostic(SourceLocation Location, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Message}";
}
