using VarTrace.Core.Model;

namespace VarTrace.Core.Jinja.Syntax;

/// <summary>
/// Where a template string came from, so spans in it can be reported as <c>file:line:column</c>.
/// YAML unescapes and folds scalars, so only some positions map exactly (see <see cref="TemplateOriginKind"/>);
/// when they cannot, the scalar's own start is reported.
/// </summary>
/// <param name="Start">Where the template (or the YAML scalar holding it) starts.</param>
/// <param name="Kind">How the template sits in the file.</param>
public sealed record TemplateOrigin(SourceLocation Start, TemplateOriginKind Kind)
{
    /// <summary>A template that is a whole file, such as <c>templates/foo.conf.j2</c>.</summary>
    public static TemplateOrigin File(string path) => new(new SourceLocation(path, 1, 1), TemplateOriginKind.Verbatim);

    /// <summary>The file location of <paramref name="offset"/> in <paramref name="template"/>.</summary>
    public SourceLocation Locate(string template, int offset)
    {
        ArgumentNullException.ThrowIfNull(template);
        switch (Kind)
        {
            case TemplateOriginKind.Verbatim:
                var position = TemplatePosition.Of(template, offset);
                var column = position.Line == 1 ? Start.Column + position.Column - 1 : position.Column;
                return Start with { Line = Start.Line + position.Line - 1, Column = column };
            case TemplateOriginKind.PlainScalar or TemplateOriginKind.QuotedScalar when IsSingleLine(template):
                var quote = Kind == TemplateOriginKind.QuotedScalar ? 1 : 0;
                return Start with { Column = Start.Column + quote + Math.Clamp(offset, 0, template.Length) };
            default:
                return Start;
        }
    }

    /// <summary>The file location of the start of <paramref name="span"/> in <paramref name="template"/>.</summary>
    public SourceLocation Locate(string template, SourceSpan span) => Locate(template, span.Start);

    private static bool IsSingleLine(string template) => template.AsSpan().IndexOfAny('\n', '\r') < 0;
}
