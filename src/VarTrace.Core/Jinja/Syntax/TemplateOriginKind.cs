namespace VarTrace.Core.Jinja.Syntax;

/// <summary>How a template string sits in its file, which decides how exactly offsets map back.</summary>
public enum TemplateOriginKind
{
    /// <summary>The template is the file's text verbatim from its start location (a <c>.j2</c> file): exact line and column.</summary>
    Verbatim,

    /// <summary>A plain (unquoted) YAML scalar: exact column while the scalar is on one line.</summary>
    PlainScalar,

    /// <summary>
    /// A single- or double-quoted YAML scalar whose location is its opening quote: column offset by
    /// one while the scalar is on one line. Escapes before the position (<c>''</c>, <c>\"</c>) shift
    /// it by the characters they saved.
    /// </summary>
    QuotedScalar,

    /// <summary>A literal or folded block scalar (<c>|</c>, <c>&gt;</c>): every position maps to the scalar's start.</summary>
    BlockScalar,
}
