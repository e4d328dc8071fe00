using System.Collections.Immutable;
using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Jinja.Syntax.Ast;
using VarTrace.Core.Model;

namespace VarTrace.Core.Checks.Scanning;

/// <summary>
/// One Jinja template or bare expression (a <c>when:</c> condition) written in the checkout, parsed
/// once for every rule.
/// </summary>
/// <param name="File">The file's scan entry.</param>
/// <param name="Text">The template or expression as Ansible hands it to Jinja.</param>
/// <param name="Origin">Where it sits in the file.</param>
/// <param name="IsExpression">True for a bare expression (<c>when:</c>, <c>changed_when:</c>...).</param>
/// <param name="Tree">The parsed tree, or null when <paramref name="SyntaxError"/> is set.</param>
/// <param name="SyntaxError">The Jinja syntax error, if any.</param>
/// <param name="Owner">The role directory or playbook file whose tasks evaluate it, or null when that is not known.</param>
public sealed record TemplateSite(ScannedFile File, string Text, TemplateOrigin Origin, bool IsExpression, JinjaNode? Tree, JinjaSyntaxError? SyntaxError, string? Owner)
{
    private VariableReferenceSet? _references;

    /// <summary>The variables it reads from its context (null with a syntax error).</summary>
    public ImmutableArray<NameExpression> References => Tree is null ? [] : (_references ??= VariableReferences.Collect(Tree)).References;

    /// <summary>
    /// Adds every name the template may read a variable by to <paramref name="names"/>: bare names
    /// (except those in <paramref name="excluded"/>), attribute names and string literals, which is
    /// how <c>vars['x']</c> and <c>hostvars[h]['x']</c> name a variable.
    /// </summary>
    public void AddNamesRead(ISet<string> names, IReadOnlySet<JinjaNode>? excluded = null)
    {
        if (Tree is null) return;
        foreach (var node in NodeChildren.DescendantsAndSelf(Tree))
        {
            switch (node)
            {
                case NameExpression name when excluded is null || !excluded.Contains(name):
                    names.Add(name.Name);
                    break;
                case AttributeExpression attribute:
                    names.Add(attribute.Name);
                    break;
                case StringLiteral literal:
                    names.Add(literal.Value);
                    break;
            }
        }
    }

    /// <summary>
    /// The file location of <paramref name="span"/>. Positions inside block scalars (and multi-line
    /// quoted ones) are found by the span's text on the lines of the scalar, since YAML folds them.
    /// </summary>
    public SourceLocation Locate(SourceSpan span)
    {
        var exact = Origin.Locate(Text, span);
        if (exact != Origin.Start || Origin.Kind == TemplateOriginKind.Verbatim) return exact;
        var needle = span.TextIn(Text);
        var newline = needle.IndexOf('\n', StringComparison.Ordinal);
        if (newline >= 0) needle = needle[..newline];
        if (needle.Length == 0) return exact;
        for (var line = Origin.Start.Line; line <= File.Lines.Length; line++)
        {
            var column = File.Lines[line - 1].IndexOf(needle, line == Origin.Start.Line ? Math.Max(0, Origin.Start.Column - 1) : 0, StringComparison.Ordinal);
            if (column >= 0) return new SourceLocation(File.Path, line, column + 1);
        }

        return exact;
    }
}
