using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using VarTrace.Core.Inventory;
using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Jinja.Syntax.Ast;
using VarTrace.Core.Model;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation;

/// <summary>
/// Ansible 2.14's <c>Templar</c> for one host and context, evaluated statically: renders raw values
/// lazily against the context's variables (<c>AnsibleJ2Vars</c>), with the non-native result types of
/// <c>ansible_eval_concat</c>, the single-variable fast path, recursion detection, and
/// <see cref="AnsibleUnknown"/> wherever a value cannot be known. Not thread-safe: one per resolution.
/// </summary>
public sealed partial class TemplateEngine : IEvaluationServices
{
    private static readonly JinjaParser TemplarParser = new(JinjaSyntaxOptions.AnsibleTemplar);

    private readonly IVariableScope _scope;
    private readonly EvaluationTrace? _trace;
    private readonly Dictionary<string, AnsibleValue> _rendered = new(StringComparer.Ordinal);

    /// <summary>
    /// Parsed templates, shared by every engine: the tree is immutable and depends only on the text,
    /// and the same defaults are templated again for every host of a run.
    /// </summary>
    private static readonly ConcurrentDictionary<string, TemplateNode> Parsed = new(StringComparer.Ordinal);

    // The raw value, not its text: the text is only needed for the recursive-loop error, and the
    // repr of a large non-string value (`groups`) would otherwise be built on every read.
    private readonly List<(string Name, AnsibleValue Raw)> _rendering = [];
    private readonly List<TemplateWarning> _warnings = [];
    private int _steps;
    private int _baseDepth;

    // With a memo: every variable read so far (name, raw value), and for each variable rendered
    // into _rendered the reads its value depends on (its own first), so a top-level result can be
    // recorded with everything it depends on, even what it took from _rendered.
    private readonly TemplateMemo? _memo;
    private readonly List<(string Name, AnsibleValue? Raw)>? _reads;
    private readonly Dictionary<string, (string Name, AnsibleValue? Raw)[]>? _renderedReads;
    private bool _sharing;

    /// <summary>Creates an engine over <paramref name="scope"/>.</summary>
    /// <param name="scope">The variables.</param>
    /// <param name="options">The shared settings.</param>
    /// <param name="trace">Records what evaluations read and decided.</param>
    /// <param name="memo">Results shared with the engines of other contexts (see <see cref="TemplateMemo"/>).</param>
    public TemplateEngine(IVariableScope scope, EvaluationOptions options, EvaluationTrace? trace = null, TemplateMemo? memo = null)
    {
        _scope = scope;
        Options = options;
        _trace = trace;
        if (memo is not null)
        {
            _memo = memo;
            _reads = [];
            _renderedReads = new Dictionary<string, (string, AnsibleValue?)[]>(StringComparer.Ordinal);
        }
    }

    /// <summary>The shared settings.</summary>
    public EvaluationOptions Options { get; }

    /// <inheritdoc />
    public Version TargetVersion => Options.TargetVersion;

    /// <summary>Warnings raised so far (unknown filters, unsupported tags), in order.</summary>
    public IReadOnlyList<TemplateWarning> Warnings => _warnings;

    /// <summary>How many variables deep the current evaluation is.</summary>
    internal int Depth => _rendering.Count - _baseDepth;

    /// <summary>
    /// <c>Templar.template(value)</c>: a string with Jinja markup is rendered, lists and dicts are
    /// templated item by item, anything else is returned as is.
    /// </summary>
    /// <exception cref="TemplateError">Ansible would fail templating this value.</exception>
    public AnsibleValue Template(AnsibleValue value) =>
        IsTopLevel(value) ? Shared(value, variable: null, _reads!.Count, () => TemplateEach(value)) : TemplateEach(value);

    /// <summary>The value of a variable as a task sees it (the raw value, templated), or an undefined value.</summary>
    /// <exception cref="TemplateError">Rendering it fails for a reason other than an undefined variable.</exception>
    public AnsibleValue Variable(string name)
    {
        var firstRead = _reads?.Count ?? 0;
        var raw = ReadRaw(name);
        if (raw is null) return AnsibleUndefined.ForName(name);
        return IsTopLevel(raw) ? Shared(raw, name, firstRead, () => Render(name, raw)) : Render(name, raw);
    }

    private AnsibleValue Render(string name, AnsibleValue raw)
    {
        // The variable being rendered is on the stack too, so a template that reads it back is
        // reported as Ansible's recursive loop.
        _rendering.Add((name, raw));
        _baseDepth++;
        try
        {
            return TemplateEach(raw);
        }
        finally
        {
            _baseDepth--;
            _rendering.RemoveAt(_rendering.Count - 1);
        }
    }

    private AnsibleValue TemplateEach(AnsibleValue value)
    {
        switch (value)
        {
            case AnsibleString s when s.IsTemplated:
                return RenderString(s.Value);
            case AnsibleList list when list.IsTemplated:
                return new AnsibleList([.. list.Items.Select(TemplateEach)]);
            case AnsibleDict dict when dict.IsTemplated:
                return new AnsibleDict([.. dict.Entries.Select(e => new KeyValuePair<AnsibleValue, AnsibleValue>(TemplateEach(e.Key), TemplateEach(e.Value)))]);
            case AnsibleVault:
                return new AnsibleUnknown("a vault-encrypted value: VarTrace never decrypts");
            default:
                return value;
        }
    }

    /// <summary>
    /// True for an evaluation that may be shared: a templated value asked for from outside any
    /// other evaluation. Inside another variable, what counts as a recursive loop depends on the
    /// variables being rendered around it.
    /// </summary>
    private bool IsTopLevel(AnsibleValue raw) => _memo is not null && !_sharing && _rendering.Count == 0 && raw.IsTemplated;

    /// <summary>
    /// Evaluates <paramref name="raw"/> (as the variable <paramref name="variable"/>, or as a value)
    /// through the memo: an earlier result whose reads all hold here is taken with its warnings and
    /// trace; otherwise the result is computed and recorded with the reads from <paramref name="firstRead"/> on.
    /// </summary>
    private AnsibleValue Shared(AnsibleValue raw, string? variable, int firstRead, Func<AnsibleValue> evaluate)
    {
        if (_memo!.Find(Options, raw, variable, _scope, traced: _trace is not null) is { } known)
        {
            _reads!.AddRange(known.Reads);
            foreach (var warning in known.Warnings) AddWarning(warning);
            foreach (var traceEvent in known.Events) _trace?.Add(traceEvent);
            return known.Value;
        }

        var firstWarning = _warnings.Count;
        var firstEvent = _trace?.Count ?? 0;
        AnsibleValue value;
        _sharing = true;
        try
        {
            value = evaluate();
        }
        finally
        {
            _sharing = false;
        }

        _memo.Add(Options, raw, new TemplateMemo.Entry(variable, [.. _reads![firstRead..]], value, [.. _warnings.Skip(firstWarning)], _trace?.Since(firstEvent)));
        return value;
    }

    /// <summary>The raw value of a name, recorded as a read when results are memoized.</summary>
    private AnsibleValue? ReadRaw(string name)
    {
        var raw = _scope.Raw(name);
        _reads?.Add((name, raw));
        return raw;
    }

    /// <summary>
    /// The <c>AnsibleJ2Vars.__getitem__</c> of a name read inside a template: its templated value, or
    /// an undefined value that fails only when used (so <c>default()</c> can replace it).
    /// </summary>
    internal AnsibleValue LookupVariable(string name)
    {
        if (_rendered.TryGetValue(name, out var cached))
        {
            if (_renderedReads is not null) _reads!.AddRange(_renderedReads[name]);
            _trace?.Add(new VariableRead(name, cached, Depth));
            return cached;
        }

        var firstRead = _reads?.Count ?? 0;
        var raw = ReadRaw(name);
        if (raw is null)
        {
            var missing = MissingVariable(name);
            _trace?.Add(new VariableRead(name, missing, Depth));
            return missing;
        }

        if (raw is AnsibleString { IsUnsafe: true }) return raw;
        if (_rendering.Any(r => r.Name == name))
        {
            var template = _rendering[^1].Raw is AnsibleString text ? text.Value : PythonRepr.Repr(_rendering[^1].Raw);
            throw new TemplateError($"recursive loop detected in template string: {template}. maximum recursion depth exceeded");
        }

        if (_rendering.Count >= Options.MaxVariableDepth)
        {
            throw new TemplateError($"variables nest deeper than {Options.MaxVariableDepth} levels while templating `{name}`");
        }

        _rendering.Add((name, raw));
        AnsibleValue value;
        try
        {
            value = TemplateEach(raw);
        }
        catch (TemplateError e) when (e.IsUndefined)
        {
            // AnsibleJ2Vars turns an undefined inside the variable's own template into an Undefined
            // that fails only when used, so `default()` and `is defined` see it as undefined.
            value = new AnsibleUndefined(e.Message);
        }
        finally
        {
            _rendering.RemoveAt(_rendering.Count - 1);
        }

        _rendered[name] = value;
        if (_renderedReads is not null) _renderedReads[name] = [.. _reads![firstRead..]];
        _trace?.Add(new VariableRead(name, value, Depth));
        return value;
    }

    /// <inheritdoc />
    public void Warn(string message, SourceSpan span)
    {
        var variable = _rendering.Count > 0 ? _rendering[^1].Name : null;
        AddWarning(new TemplateWarning(message, span, variable, variable is null ? null : _scope.Location(variable)));
    }

    private void AddWarning(TemplateWarning warning)
    {
        if (_warnings.Count < 1_000) _warnings.Add(warning);
    }

    /// <inheritdoc />
    AnsibleValue IEvaluationServices.Template(AnsibleValue value) => TemplateEach(value);

    internal void Record(TraceEvent traceEvent) => _trace?.Add(traceEvent);

    internal void CountStep()
    {
        if (++_steps > Options.MaxSteps)
        {
            throw new TemplateError($"evaluation stopped after {Options.MaxSteps:N0} steps (a template that loops or expands too much)");
        }
    }

    /// <summary>Parses (once per process) and renders one template string.</summary>
    private AnsibleValue RenderString(string text)
    {
        // Templar.template's fast path: `{{ name }}` alone returns a bool or number variable as is
        // (and None for None), keeping its type; everything else goes through Jinja and the concat.
        var single = SingleVariable().Match(text);
        if (single.Success)
        {
            var raw = ReadRaw(single.Groups[1].Value);
            if (raw is AnsibleBool or AnsibleInt or AnsibleFloat or AnsibleNull)
            {
                _trace?.Add(new VariableRead(single.Groups[1].Value, raw, Depth));
                return raw;
            }
        }

        var template = Parse(text);
        var output = new Evaluator(this).Render(template, text);
        var result = Concat(output);

        // Templar.do_template(preserve_trailing_newlines=True): Jinja drops the template's final
        // newlines, and Ansible adds back as many as the source had.
        if (result is AnsibleString rendered)
        {
            var missing = TrailingNewlines(text) - TrailingNewlines(rendered.Value);
            if (missing > 0) result = new AnsibleString(rendered.Value + new string('\n', missing), rendered.IsUnsafe, rendered.IsNativeText);
        }

        return result;
    }

    private static int TrailingNewlines(string text)
    {
        var count = 0;
        for (var i = text.Length - 1; i >= 0 && text[i] == '\n'; i--) count++;
        return count;
    }

    private TemplateNode Parse(string text)
    {
        if (Parsed.TryGetValue(text, out var template)) return template;
        if (!TemplarParser.TryParseTemplate(text, out template, out var error))
        {
            throw new TemplateError($"template error while templating string: {error.JinjaMessage ?? error.Message}. String: {text}", error.Span);
        }

        // Jinja looks every filter and test up when it compiles the template: a name Ansible cannot
        // load fails the whole template, whichever branch it is in.
        foreach (var function in template.Functions)
        {
            var known = function.IsTest ? Options.Functions.Test(function.Name) : Options.Functions.Filter(function.Name);
            if (known is null && !AnsibleFunctionCatalog.CanLoad(function.Name, function.IsTest))
            {
                throw new TemplateError($"template error while templating string: {AnsibleFunctionCatalog.LoadError(function.Name)}. String: {text}", function.Span);
            }
        }

        Parsed[text] = template;
        return template;
    }

    /// <summary>
    /// <c>ansible_eval_concat</c> (ansible-core 2.14 <c>template/native_helpers.py</c>): one node is
    /// turned into text, several are joined as text; text that looks like a list, dict or bool is
    /// converted back with <c>ast.literal_eval</c>.
    /// </summary>
    private AnsibleValue Concat(List<AnsibleValue> nodes)
    {
        if (nodes.Count == 0) return AnsibleString.Empty;
        var unknowns = nodes.OfType<AnsibleUnknown>().ToList();
        if (unknowns.Count > 0) return ConcatUnknown(nodes, unknowns);
        if (nodes.Count == 1 && nodes[0] is AnsibleString { IsNativeText: true } native) return native;
        var text = nodes.Count == 1 ? PythonRepr.Str(nodes[0]) : JoinText(nodes);
        return FromText(text);
    }

    private string JoinText(List<AnsibleValue> nodes)
    {
        var builder = new StringBuilder();
        foreach (var node in nodes)
        {
            builder.Append(PythonRepr.Str(node));
            if (builder.Length > Options.MaxOutputLength) throw new TemplateError($"template output exceeds {Options.MaxOutputLength:N0} characters");
        }

        return builder.ToString();
    }

    private static AnsibleValue FromText(string text)
    {
        if (text.StartsWith('{') || text.StartsWith('[') || text is "True" or "False")
        {
            try
            {
                if (PythonLiteral.Evaluate(text, default, jsonNames: true) is { } literal) return literal;
            }
            catch (VarTraceException)
            {
                // literal_eval would raise something Ansible catches too broadly to matter: keep the text.
            }
        }

        return new AnsibleString(text);
    }

    /// <summary>
    /// Output with unknown parts is unknown; when exactly one part has a finite set of possible
    /// values, so does the whole.
    /// </summary>
    private AnsibleValue ConcatUnknown(List<AnsibleValue> nodes, List<AnsibleUnknown> unknowns)
    {
        if (unknowns.Count != 1 || unknowns[0].PossibleValues.IsEmpty) return new AnsibleUnknown(unknowns[0].Cause);
        var index = nodes.IndexOf(unknowns[0]);
        var possible = unknowns[0].PossibleValues.Select(p =>
        {
            var variant = new List<AnsibleValue>(nodes) { [index] = p };
            return variant.Count == 1 ? FromText(PythonRepr.Str(variant[0])) : FromText(JoinText(variant));
        });
        return new AnsibleUnknown(unknowns[0].Cause, [.. possible]);
    }

    /// <summary>An undefined name, or an unknown one when it is likely a gathered fact.</summary>
    private static AnsibleValue MissingVariable(string name) =>
        name.StartsWith("ansible_", StringComparison.Ordinal) && !ConnectionVariables.Contains(name)
            ? new AnsibleUnknown($"`{name}` is not set in the checkout; it may be a gathered fact")
            : AnsibleUndefined.ForName(name);

    /// <summary>Connection and privilege variables: undefined unless the user sets them, never facts.</summary>
    private static readonly ImmutableHashSet<string> ConnectionVariables = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "ansible_host", "ansible_port", "ansible_user", "ansible_connection", "ansible_password", "ansible_ssh_private_key_file",
        "ansible_ssh_common_args", "ansible_ssh_extra_args", "ansible_become", "ansible_become_user", "ansible_become_method",
        "ansible_become_password", "ansible_python_interpreter", "ansible_shell_type", "ansible_ssh_user", "ansible_ssh_host",
        "ansible_ssh_port", "ansible_ssh_pass", "ansible_group_priority");

    /// <summary>Templar's <c>SINGLE_VAR</c>: <c>^{{\s*(\w*)\s*}}$</c>.</summary>
    [GeneratedRegex(@"^\{\{\s*(\w*)\s*\}\}$", RegexOptions.CultureInvariant)]
    private static partial Regex SingleVariable();
}
