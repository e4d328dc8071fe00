namespace VarTrace.Core.Model;

/// <summary>
/// A 1-based position in a file of the analysed checkout. <see cref="File"/> is relative to the
/// project root and uses <c>/</c> separators so output is the same on every machine.
/// </summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;

    /// <summary>A location that names a whole file rather than a position in it.</summary>
    public static SourceLocation WholeFile(string file) => new(file, 0, 0);
}
