namespace VarTrace.Core.Jinja.Syntax;

/// <summary>
/// A range of UTF-16 code units in the template string a tree was parsed from. Offsets are into the
/// string exactly as it was passed to the parser (before Jinja's newline normalisation), so
/// <c>template.Substring(span.Start, span.Length)</c> is the source text of the node.
/// </summary>
/// <param name="Start">Offset of the first character.</param>
/// <param name="Length">Number of characters.</param>
public readonly record struct SourceSpan(int Start, int Length)
{
    /// <summary>Offset just past the last character.</summary>
    public int End => Start + Length;

    /// <summary>The span from <paramref name="start"/> up to (not including) <paramref name="end"/>.</summary>
    public static SourceSpan FromBounds(int start, int end) => new(start, end - start);

    /// <summary>The smallest span that covers both <paramref name="first"/> and <paramref name="last"/>.</summary>
    public static SourceSpan Cover(SourceSpan first, SourceSpan last) =>
        FromBounds(Math.Min(first.Start, last.Start), Math.Max(first.End, last.End));

    /// <summary>The text this span covers in <paramref name="template"/>.</summary>
    public string TextIn(string template) => template.Substring(Start, Length);

    /// <inheritdoc />
    public override string ToString() => $"[{Start}..{End})";
}
