namespace VarTrace.Core.Model;

/// <summary>
/// An input problem that blocks an answer (broken YAML in a file that must be read, a missing
/// inventory, an unknown host). The message is one plain sentence; <see cref="Location"/> says where.
/// </summary>
public sealed class VarTraceException : Exception
{
    /// <summary>Creates an error at a location.</summary>
    public VarTraceException(SourceLocation? location, string message)
        : base(message) => Location = location;

    /// <summary>Where the problem is, when it has a place in a file.</summary>
    public SourceLocation? Location { get; }

    /// <summary>The one-line form users see: <c>file:line:column: message</c>.</summary>
    public string OneLine => Location is { } loc ? $"{loc}: {Message}" : Message;
}
