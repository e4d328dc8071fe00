using System.Diagnostics.CodeAnalysis;
using VarTrace.Core.Jinja.Syntax.Ast;

namespace VarTrace.Core.Jinja.Syntax;

/// <summary>
/// Parses Jinja templates and expressions in the dialect Ansible uses (Jinja 3.1 grammar, Ansible's
/// environment settings) into immutable trees with exact spans. The parser holds only its options,
/// so one instance can be shared by every thread; each call works on its own state.
/// </summary>
public sealed class JinjaParser
{
    /// <summary>Creates a parser with the given environment settings.</summary>
    public JinjaParser(JinjaSyntaxOptions options) => Options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>A parser with Ansible's templar settings (<see cref="JinjaSyntaxOptions.Ansible"/>).</summary>
    public static JinjaParser Ansible { get; } = new(JinjaSyntaxOptions.Ansible);

    /// <summary>The settings this parser applies.</summary>
    public JinjaSyntaxOptions Options { get; }

    /// <summary>Parses a template: text with <c>{{ }}</c>, <c>{% %}</c> and <c>{# #}</c>.</summary>
    /// <exception cref="JinjaSyntaxException">The template is not valid Jinja.</exception>
    public TemplateNode ParseTemplate(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Parser.ParseTemplate(template, Options);
    }

    /// <summary>
    /// Parses a bare expression, as Jinja's <c>Environment.compile_expression</c> does: the text is
    /// the inside of a <c>{{ }}</c> (so a top-level <c>a, b</c> tuple is not accepted) and nothing may
    /// follow the expression.
    /// </summary>
    /// <exception cref="JinjaSyntaxException">The text is not one valid Jinja expression.</exception>
    public Expression ParseExpression(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return Parser.ParseExpression(expression, Options);
    }

    /// <summary>Parses a template, returning the syntax error instead of throwing it.</summary>
    public bool TryParseTemplate(string template, [NotNullWhen(true)] out TemplateNode? tree, [NotNullWhen(false)] out JinjaSyntaxError? error)
    {
        ArgumentNullException.ThrowIfNull(template);
        try
        {
            tree = Parser.ParseTemplate(template, Options);
            error = null;
            return true;
        }
        catch (JinjaSyntaxException e)
        {
            tree = null;
            error = e.Error;
            return false;
        }
    }

    /// <summary>Parses a bare expression, returning the syntax error instead of throwing it.</summary>
    public bool TryParseExpression(string expression, [NotNullWhen(true)] out Expression? tree, [NotNullWhen(false)] out JinjaSyntaxError? error)
    {
        ArgumentNullException.ThrowIfNull(expression);
        try
        {
            tree = Parser.ParseExpression(expression, Options);
            error = null;
            return true;
        }
        catch (JinjaSyntaxException e)
        {
            tree = null;
            error = e.Error;
            return false;
        }
    }
}
