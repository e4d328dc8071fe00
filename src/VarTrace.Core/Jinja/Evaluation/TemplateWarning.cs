using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Model;

namespace VarTrace.Core.Jinja.Evaluation;

/// <summary>A problem that did not stop templating (a filter VarTrace does not model, a tag it does not evaluate).</summary>
/// <param name="Message">One sentence, names in backticks.</param>
/// <param name="Span">Where in the template text it arose.</param>
/// <param name="Variable">The variable whose template was being rendered, or null for an ad-hoc template (<c>--expr</c>).</param>
/// <param name="Location">Where that variable is defined, when known.</param>
public sealed record TemplateWarning(string Message, SourceSpan Span, string? Variable, SourceLocation? Location)
{
    /// <summary><c>file:line:column: message (in the template of `name`)</c>, or the message alone without a location.</summary>
    public override string ToString()
    {
        var where = Variable is null ? string.Empty : $" (in the template of `{Variable}`, at character {Span.Start + 1})";
        return Location is { } location ? $"{location}: {Message}{where}" : Message + where;
    }
}
