namespace VarTrace.Core.Jinja.Syntax;

/// <summary>
/// The Jinja environment settings that change how a template is split into text and tags. Fixed when
/// a <see cref="JinjaParser"/> is created, as Fluid fixes its parser options at construction.
/// </summary>
/// <param name="TrimBlocks">Drop the first line break after a block or comment tag (Jinja's <c>trim_blocks</c>).</param>
/// <param name="LstripBlocks">Drop spaces and tabs between the start of a line and a block or comment tag (Jinja's <c>lstrip_blocks</c>).</param>
/// <param name="KeepTrailingNewline">Keep the template's final line break (Jinja's <c>keep_trailing_newline</c>).</param>
/// <param name="DoubleBackslashesInOutput">
/// Ansible 2.14's <c>Templar._escape_backslashes</c>: before Jinja reads a template, every backslash of a
/// string literal inside <c>{{ }}</c> (not <c>{% %}</c>) is doubled, so <c>'\1'</c> reaches a filter as a
/// backslash and a 1, as a playbook author wrote it in YAML.
/// </param>
public sealed record JinjaSyntaxOptions(bool TrimBlocks, bool LstripBlocks, bool KeepTrailingNewline, bool DoubleBackslashesInOutput = false)
{
    /// <summary>
    /// The settings of Ansible's templar (ansible-core 2.14, <c>lib/ansible/template/__init__.py</c>):
    /// <c>AnsibleEnvironment.__init__</c> sets <c>trim_blocks = True</c> and leaves Jinja's defaults
    /// <c>lstrip_blocks=False</c> and <c>keep_trailing_newline=False</c>. Ansible then re-appends the
    /// trailing line breaks Jinja dropped (<c>preserve_trailing_newlines</c> in <c>do_template</c>),
    /// which is the evaluator's business, not the parser's.
    /// </summary>
    public static JinjaSyntaxOptions Ansible { get; } = new(TrimBlocks: true, LstripBlocks: false, KeepTrailingNewline: false);

    /// <summary>
    /// What Ansible 2.14's <c>Templar.template</c> parses: <see cref="Ansible"/>'s environment plus the
    /// backslash doubling of <c>_escape_backslashes</c> (on by default for every templated value).
    /// </summary>
    public static JinjaSyntaxOptions AnsibleTemplar { get; } = Ansible with { DoubleBackslashesInOutput = true };

    /// <summary>Plain Jinja2's defaults: no trimming or stripping, final line break dropped.</summary>
    public static JinjaSyntaxOptions JinjaDefaults { get; } = new(TrimBlocks: false, LstripBlocks: false, KeepTrailingNewline: false);
}
