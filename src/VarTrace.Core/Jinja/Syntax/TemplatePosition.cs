namespace VarTrace.Core.Jinja.Syntax;

/// <summary>A 1-based line and column inside a template string.</summary>
/// <param name="Line">The line; <c>\r\n</c>, <c>\r</c> and <c>\n</c> each end a line, as in Jinja 3.</param>
/// <param name="Column">The column, counted in UTF-16 code units from 1.</param>
public readonly record struct TemplatePosition(int Line, int Column)
{
    /// <summary>The position of <paramref name="offset"/> in <paramref name="template"/>.</summary>
    public static TemplatePosition Of(string template, int offset)
    {
        ArgumentNullException.ThrowIfNull(template);
        offset = Math.Clamp(offset, 0, template.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            var c = template[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= template.Length || template[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new TemplatePosition(line, offset - lineStart + 1);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Line}:{Column}";
}
