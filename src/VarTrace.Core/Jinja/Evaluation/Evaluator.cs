using System.Collections.Immutable;
using System.Numerics;
using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Jinja.Syntax.Ast;
using VarTrace.Core.Values;

namespace VarTrace.Core.Jinja.Evaluation;

/// <summary>
/// Evaluates one parsed template as Jinja2 3.x does under Ansible 2.14 (<c>AnsibleUndefined</c>:
/// attribute and item access on an undefined value give the same undefined value, any other use
/// fails), with <see cref="AnsibleUnknown"/> flowing through where a static tool cannot know.
/// Statements append to the output; expressions return values.
/// </summary>
internal sealed class Evaluator(TemplateEngine engine) : AstVisitor<AnsibleValue>
{
    private static readonly ImmutableHashSet<string> DefaultFilters = ImmutableHashSet.Create(StringComparer.Ordinal, "default", "d", "ansible.builtin.default", "ansible.builtin.d");

    private static readonly ImmutableHashSet<string> NativeTextFilters = ImmutableHashSet.Create(StringComparer.Ordinal, "string", "to_json", "to_nice_json", "to_yaml", "to_nice_yaml");

    /// <summary>How deeply macros may call each other (Python's own limit would stop a runaway macro too).</summary>
    private const int MaxMacroDepth = 100;

    private List<Dictionary<string, AnsibleValue>> _scopes = [new(StringComparer.Ordinal)];
    private int _macroDepth;

    // Above zero while rendering a branch or loop body that may or may not run (its condition is
    // unknown): a list it changes, or a namespace attribute it sets, becomes unknown instead of a
    // value that is only one of the possibilities.
    private int _uncertain;
    private List<AnsibleValue> _output = [];
    private string _templateText = string.Empty;

    /// <summary>Renders the template into its output nodes (before <c>ansible_eval_concat</c>).</summary>
    public List<AnsibleValue> Render(TemplateNode template, string text)
    {
        _templateText = text;
        Visit(template);
        return _output;
    }

    public override AnsibleValue VisitTemplate(TemplateNode node)
    {
        RenderBody(node.Body);
        return AnsibleNull.Instance;
    }

    public override AnsibleValue VisitTextStatement(TextStatement node)
    {
        _output.Add(new AnsibleString(node.Text));
        return AnsibleNull.Instance;
    }

    public override AnsibleValue VisitOutputStatement(OutputStatement node)
    {
        AddOutput(Evaluate(node.Expression), node.Span);
        return AnsibleNull.Instance;
    }

    /// <summary>Ansible's finalize: None prints as an empty string; an undefined value fails the template.</summary>
    private void AddOutput(AnsibleValue value, SourceSpan span)
    {
        switch (value)
        {
            case AnsibleUndefined { IsLenient: true }:
                // Jinja's plain Undefined (a false inline if without else) renders as nothing.
                _output.Add(AnsibleString.Empty);
                break;
            case AnsibleUndefined undefined:
                throw new TemplateError(undefined.Message, span, isUndefined: true);
            case AnsibleList or AnsibleDict when FindUndefined(value) is { } nested:
                // Ansible's finalize (_fail_on_undefined) looks inside lists and dicts too.
                throw new TemplateError(nested.Message, span, isUndefined: true);
            case AnsibleNull:
                _output.Add(AnsibleString.Empty);
                break;
            case JinjaObject { ReprHasAddress: true } jinjaObject:
                _output.Add(new AnsibleUnknown($"Python prints a {jinjaObject.PythonType} object with its memory address"));
                break;
            default:
                _output.Add(value);
                break;
        }
    }

    public override AnsibleValue VisitIfStatement(IfStatement node)
    {
        for (var i = 0; i < node.Branches.Length; i++)
        {
            var branch = node.Branches[i];
            var test = Evaluate(branch.Test);
            var condition = Text(branch.Test.Span);
            var truth = PythonOps.Truthy(test);
            if (truth is null)
            {
                var unknown = (AnsibleUnknown)test;
                engine.Record(new BranchDecision(condition, "unknown", engine.Depth));
                _uncertain++;
                List<AnsibleValue> taken, rest;
                try
                {
                    taken = RenderIsolated(branch.Body);
                    rest = RenderIsolated(i + 1 < node.Branches.Length
                        ? [node with { Branches = node.Branches[(i + 1)..] }]
                        : node.Else);
                }
                finally
                {
                    _uncertain--;
                }

                _output.Add(Either(unknown.Cause, taken, rest));
                return AnsibleNull.Instance;
            }

            engine.Record(new BranchDecision(condition, truth.Value ? "true" : "false", engine.Depth));
            if (truth.Value)
            {
                RenderBody(branch.Body);
                return AnsibleNull.Instance;
            }
        }

        RenderBody(node.Else);
        return AnsibleNull.Instance;
    }

    public override AnsibleValue VisitForStatement(ForStatement node)
    {
        var iterable = Evaluate(node.Iterable);
        if (iterable is AnsibleUnknown unknown)
        {
            RenderSpeculatively(node, unknown);
            _output.Add(new AnsibleUnknown($"a loop over an unknown value ({unknown.Cause})"));
            return AnsibleNull.Instance;
        }

        var items = PythonOps.ToIterable(iterable) ?? [];
        if (items.Length > engine.Options.MaxLoopIterations)
        {
            throw new TemplateError($"a loop of {items.Length:N0} iterations exceeds the limit of {engine.Options.MaxLoopIterations:N0}", node.Span);
        }

        var rendered = 0;
        var selected = new List<AnsibleValue>();
        foreach (var item in items)
        {
            if (node.Filter is null) selected.Add(item);
            else
            {
                _scopes.Add(new Dictionary<string, AnsibleValue>(StringComparer.Ordinal));
                Assign(node.Target, item);
                var keep = Evaluate(node.Filter);
                _scopes.RemoveAt(_scopes.Count - 1);
                var keepTruth = PythonOps.Truthy(keep);
                if (keepTruth is null)
                {
                    RenderSpeculatively(node, (AnsibleUnknown)keep);
                    _output.Add(new AnsibleUnknown($"a loop filter over an unknown value ({((AnsibleUnknown)keep).Cause})"));
                    return AnsibleNull.Instance;
                }

                if (keepTruth.Value) selected.Add(item);
            }
        }

        var loop = new JinjaLoop([.. selected]);
        foreach (var item in selected)
        {
            loop.Index0 = rendered;
            _scopes.Add(new Dictionary<string, AnsibleValue>(StringComparer.Ordinal) { ["loop"] = loop });
            Assign(node.Target, item);
            RenderBody(node.Body);
            _scopes.RemoveAt(_scopes.Count - 1);
            rendered++;
        }

        if (rendered == 0) RenderBody(node.Else);
        return AnsibleNull.Instance;
    }

    /// <summary>
    /// A loop whose items (or filter) are unknown: its output is unknown, but its body is rendered
    /// once with unknown items so that whatever it would change becomes unknown too.
    /// </summary>
    private void RenderSpeculatively(ForStatement node, AnsibleUnknown unknown)
    {
        _uncertain++;
        _scopes.Add(new Dictionary<string, AnsibleValue>(StringComparer.Ordinal) { ["loop"] = new AnsibleUnknown(unknown.Cause) });
        try
        {
            Assign(node.Target, new AnsibleUnknown(unknown.Cause));
            RenderIsolated(node.Body);
        }
        catch (TemplateError)
        {
            // The loop's output is unknown anyway; an error on made-up items says nothing about Ansible's run.
        }
        finally
        {
            _scopes.RemoveAt(_scopes.Count - 1);
            _uncertain--;
        }
    }

    private AnsibleValue EvaluateUncertain(Expression expression)
    {
        _uncertain++;
        try
        {
            return Evaluate(expression);
        }
        finally
        {
            _uncertain--;
        }
    }

    public override AnsibleValue VisitSetStatement(SetStatement node)
    {
        Assign(node.Target, Evaluate(node.Value));
        return AnsibleNull.Instance;
    }

    public override AnsibleValue VisitSetBlockStatement(SetBlockStatement node)
    {
        var body = RenderIsolated(node.Body);
        AnsibleValue value = body.Any(static v => v is AnsibleUnknown)
            ? new AnsibleUnknown("a {% set %} block with unknown content")
            : new AnsibleString(string.Concat(body.Select(PythonRepr.Str)));
        if (node.Filter is { } filter) value = ApplyFilterChain(filter, value);
        Assign(node.Target, value);
        return AnsibleNull.Instance;
    }

    public override AnsibleValue VisitMacroStatement(MacroStatement node)
    {
        Assign(new NameExpression(node.Name, node.Span), new JinjaMacro(node.Name, node.Parameters, node.Body, [.. _scopes]));
        return AnsibleNull.Instance;
    }

    public override AnsibleValue VisitCallBlockStatement(CallBlockStatement node)
    {
        var caller = new JinjaMacro("caller", node.Parameters, node.Body, [.. _scopes]);
        var (arguments, keywords) = EvaluateArguments(node.Call.Arguments);
        var callee = EvaluateCallee(node.Call);
        var result = callee is AnsibleUnknown ? callee : CallValue(callee, arguments, keywords.SetItem("caller", caller), node.Call.Span);
        AddOutput(result, node.Span);
        return AnsibleNull.Instance;
    }

    public override AnsibleValue VisitWithStatement(WithStatement node)
    {
        var values = node.Values.Select(Evaluate).ToList();
        _scopes.Add(new Dictionary<string, AnsibleValue>(StringComparer.Ordinal));
        try
        {
            for (var i = 0; i < values.Count; i++) Assign(node.Targets[i], values[i]);
            RenderBody(node.Body);
        }
        finally
        {
            _scopes.RemoveAt(_scopes.Count - 1);
        }

        return AnsibleNull.Instance;
    }

    public override AnsibleValue VisitFilterBlockStatement(FilterBlockStatement node)
    {
        _scopes.Add(new Dictionary<string, AnsibleValue>(StringComparer.Ordinal));
        List<AnsibleValue> body;
        try
        {
            body = RenderIsolated(node.Body);
        }
        finally
        {
            _scopes.RemoveAt(_scopes.Count - 1);
        }

        AnsibleValue value = body.Any(static v => v is AnsibleUnknown)
            ? new AnsibleUnknown("a {% filter %} block with unknown content")
            : new AnsibleString(string.Concat(body.Select(PythonRepr.Str)));
        AddOutput(ApplyFilterChain(node.Filter, value), node.Span);
        return AnsibleNull.Instance;
    }

    public override AnsibleValue VisitUnsupportedStatement(UnsupportedStatement node)
    {
        engine.Warn($"`{{% {node.Keyword} %}}` is not evaluated by VarTrace; its output is unknown", node.Span);
        _output.Add(new AnsibleUnknown($"the template uses `{{% {node.Keyword} %}}`, which VarTrace does not evaluate"));

        // A macro is a name in scope: calls to it (even recursive ones) are unknown, not undefined.
        var paren = node.Arguments.IndexOf('(');
        if (node.Keyword == "macro" && paren > 0) _scopes[^1][node.Arguments[..paren].Trim()] = new AnsibleUnknown($"macro `{node.Arguments[..paren].Trim()}` is not evaluated by VarTrace");
        return AnsibleNull.Instance;
    }

    public override AnsibleValue VisitNameExpression(NameExpression node)
    {
        for (var i = _scopes.Count - 1; i >= 0; i--)
        {
            if (_scopes[i].TryGetValue(node.Name, out var local)) return local;
        }

        return engine.LookupVariable(node.Name);
    }

    public override AnsibleValue VisitStringLiteral(StringLiteral node) => new AnsibleString(node.Value);

    public override AnsibleValue VisitIntegerLiteral(IntegerLiteral node) => AnsibleInt.Of(node.Value);

    public override AnsibleValue VisitFloatLiteral(FloatLiteral node) => new AnsibleFloat(node.Value);

    public override AnsibleValue VisitBooleanLiteral(BooleanLiteral node) => AnsibleBool.Of(node.Value);

    public override AnsibleValue VisitNoneLiteral(NoneLiteral node) => AnsibleNull.Instance;

    public override AnsibleValue VisitListExpression(ListExpression node) => new AnsibleList([.. node.Items.Select(Evaluate)]);

    public override AnsibleValue VisitTupleExpression(TupleExpression node) => new AnsibleList([.. node.Items.Select(Evaluate)], isTuple: true);

    public override AnsibleValue VisitDictExpression(DictExpression node)
    {
        var entries = new List<KeyValuePair<AnsibleValue, AnsibleValue>>();
        foreach (var entry in node.Entries)
        {
            var key = Evaluate(entry.Key);
            var value = Evaluate(entry.Value);
            var existing = entries.FindIndex(e => PythonOps.Equals(e.Key, key) is AnsibleBool { Value: true });
            if (existing >= 0) entries[existing] = new(entries[existing].Key, value);
            else entries.Add(new(key, value));
        }

        return new AnsibleDict([.. entries]);
    }

    public override AnsibleValue VisitUnaryExpression(UnaryExpression node)
    {
        var operand = Evaluate(node.Operand);
        return node.Operator switch
        {
            UnaryOperator.Not => PythonOps.Not(operand),
            UnaryOperator.Negate => PythonOps.Negate(operand),
            UnaryOperator.Plus => PythonOps.Positive(operand),
            _ => throw new ArgumentOutOfRangeException(nameof(node), node.Operator, null),
        };
    }

    public override AnsibleValue VisitBinaryExpression(BinaryExpression node)
    {
        if (node.Operator is BinaryOperator.And or BinaryOperator.Or)
        {
            // Python's `and`/`or` return an operand, and only evaluate the right one when needed.
            var left = Evaluate(node.Left);
            var leftTruth = PythonOps.Truthy(left);
            if (leftTruth is null) return Either((AnsibleUnknown)left, EvaluateUncertain(node.Right), node.Operator);
            if (node.Operator == BinaryOperator.And ? !leftTruth.Value : leftTruth.Value) return left;
            return Evaluate(node.Right);
        }

        var l = Evaluate(node.Left);
        var r = Evaluate(node.Right);
        return node.Operator switch
        {
            BinaryOperator.Add => PythonOps.Add(l, r),
            BinaryOperator.Subtract => PythonOps.Subtract(l, r),
            BinaryOperator.Concat => PythonOps.Concat(l, r),
            BinaryOperator.Multiply => PythonOps.Multiply(l, r),
            BinaryOperator.Divide => PythonOps.TrueDivide(l, r),
            BinaryOperator.FloorDivide => PythonOps.FloorDivide(l, r),
            BinaryOperator.Modulo => PythonOps.Modulo(l, r),
            BinaryOperator.Power => PythonOps.Power(l, r),
            _ => throw new ArgumentOutOfRangeException(nameof(node), node.Operator, null),
        };
    }

    public override AnsibleValue VisitCompareExpression(CompareExpression node)
    {
        // Python's chained comparison: a < b < c is (a < b) and (b < c), b evaluated once.
        var left = Evaluate(node.Left);
        AnsibleValue result = AnsibleBool.True;
        foreach (var comparison in node.Comparisons)
        {
            var right = Evaluate(comparison.Operand);
            var step = PythonOps.Compare(comparison.Operator, left, right);
            var truth = PythonOps.Truthy(step);
            if (truth is null) result = step;
            else if (!truth.Value) return result is AnsibleUnknown ? result : AnsibleBool.False;
            left = right;
        }

        return result;
    }

    public override AnsibleValue VisitConditionalExpression(ConditionalExpression node)
    {
        var test = Evaluate(node.Test);
        var condition = Text(node.Test.Span);
        var truth = PythonOps.Truthy(test);
        if (truth is null)
        {
            var unknown = (AnsibleUnknown)test;
            engine.Record(new BranchDecision(condition, "unknown", engine.Depth));
            var then = EvaluateUncertain(node.Then);
            var otherwise = node.Else is null ? AnsibleUndefined.ForName("the missing else branch") : EvaluateUncertain(node.Else);
            return Possible(unknown.Cause, [then, otherwise]);
        }

        engine.Record(new BranchDecision(condition, truth.Value ? "true" : "false", engine.Depth));
        if (truth.Value) return Evaluate(node.Then);

        // Jinja: `a if b` without else yields an undefined value when b is false.
        return node.Else is null
            ? new AnsibleUndefined($"the inline if-expression on line {LineOf(node.Span)} evaluated to false and no else section was defined.", isLenient: true)
            : Evaluate(node.Else);
    }

    public override AnsibleValue VisitAttributeExpression(AttributeExpression node)
    {
        var target = Evaluate(node.Target);
        return target switch
        {
            AnsibleUndefined or AnsibleUnknown => target,
            JinjaObject jinjaObject => jinjaObject.GetAttribute(node.Name),
            _ => PythonOps.GetAttribute(target, node.Name),
        };
    }

    public override AnsibleValue VisitItemExpression(ItemExpression node)
    {
        var target = Evaluate(node.Target);
        if (target is AnsibleUndefined or AnsibleUnknown) return target;
        if (node.Index is SliceExpression slice)
        {
            return PythonOps.Slice(target, EvaluateOptional(slice.Start), EvaluateOptional(slice.Stop), EvaluateOptional(slice.Step));
        }

        var index = Evaluate(node.Index);
        if (index is AnsibleUnknown) return index;

        // Jinja's getitem on an object without items falls back to the attribute of that name.
        if (target is JinjaObject jinjaObject) return index is AnsibleString name ? jinjaObject.GetAttribute(name.Value) : PythonOps.NoElement(target, PythonRepr.Repr(index));
        return PythonOps.GetItem(target, index);
    }

    public override AnsibleValue VisitSliceExpression(SliceExpression node) =>
        throw new TemplateError("a slice is only valid inside [ ]", node.Span);

    public override AnsibleValue VisitCallExpression(CallExpression node)
    {
        var (arguments, keywords) = EvaluateArguments(node.Arguments);
        switch (node.Callee)
        {
            case AttributeExpression method:
                var target = Evaluate(method.Target);
                if (target is AnsibleUnknown unknown) return new AnsibleUnknown(unknown.Cause);
                if (target is AnsibleUndefined undefined) throw new TemplateError(undefined.Message, node.Span, isUndefined: true);
                if (target is JinjaObject jinjaObject)
                {
                    if (jinjaObject.HasMethod(method.Name)) return jinjaObject.CallMethod(method.Name, arguments, keywords);
                    return CallValue(jinjaObject.GetAttribute(method.Name), arguments, keywords, node.Span);
                }

                if (PythonMutations.IsMutation(target, method.Name)) return Mutate(method.Target, target, method.Name, arguments, keywords);
                return PythonOps.CallMethod(target, method.Name, arguments, keywords);
            case NameExpression name when !IsLocal(name.Name) && Globals.TryCall(name.Name, arguments, keywords, node.Span) is { } result:
                return result;
            default:
                return CallValue(Evaluate(node.Callee), arguments, keywords, node.Span);
        }
    }

    /// <summary>The callee of a call block's call, which may be a global such as a macro's name only.</summary>
    private AnsibleValue EvaluateCallee(CallExpression call) => call.Callee switch
    {
        AttributeExpression method when Evaluate(method.Target) is JinjaObject owner => owner.GetAttribute(method.Name),
        var callee => Evaluate(callee),
    };

    /// <summary>Calls a value: a macro, a joiner, or an error naming what is not callable.</summary>
    private AnsibleValue CallValue(AnsibleValue callee, ImmutableArray<AnsibleValue> arguments, ImmutableDictionary<string, AnsibleValue> keywords, SourceSpan span) => callee switch
    {
        AnsibleUnknown unknown => unknown,
        AnsibleUndefined undefined => throw new TemplateError(undefined.Message, span, isUndefined: true),
        JinjaMacro macro => CallMacro(macro, arguments, keywords, span),
        JinjaJoiner joiner => joiner.Call(),
        JinjaBoundMethod { Receiver: JinjaObject owner } method => owner.CallMethod(method.Name, arguments, keywords),
        JinjaBoundMethod method => PythonOps.CallMethod(method.Receiver, method.Name, arguments, keywords),
        _ => throw new TemplateError($"'{callee.PythonType}' object is not callable", span),
    };

    /// <summary>
    /// Jinja's <c>Macro.__call__</c>: parameters bound by position then keyword, a missing one takes its
    /// default or is undefined; extra arguments go to <c>varargs</c> and <c>kwargs</c>. The rendered body
    /// is the result, as text.
    /// </summary>
    private AnsibleValue CallMacro(JinjaMacro macro, ImmutableArray<AnsibleValue> arguments, ImmutableDictionary<string, AnsibleValue> keywords, SourceSpan span)
    {
        if (++_macroDepth > MaxMacroDepth) throw new TemplateError("maximum recursion depth exceeded while calling a macro", span);
        var savedScopes = _scopes;
        var savedOutput = _output;
        try
        {
            var locals = new Dictionary<string, AnsibleValue>(StringComparer.Ordinal);
            _scopes = [.. macro.Closure, locals];
            _output = [];
            var name = PythonRepr.Repr(new AnsibleString(macro.Name));
            var rest = keywords;
            for (var i = 0; i < macro.Parameters.Length; i++)
            {
                var parameter = macro.Parameters[i];
                if (i < arguments.Length) locals[parameter.Name] = arguments[i];
                else if (rest.TryGetValue(parameter.Name, out var keyword))
                {
                    locals[parameter.Name] = keyword;
                    rest = rest.Remove(parameter.Name);
                }
                else if (parameter.Default is not null) locals[parameter.Name] = Evaluate(parameter.Default);
                else locals[parameter.Name] = new AnsibleUndefined($"parameter {PythonRepr.Repr(new AnsibleString(parameter.Name))} was not provided");
            }

            if (macro.CatchesCaller)
            {
                locals["caller"] = rest.TryGetValue("caller", out var caller) ? caller : new AnsibleUndefined("No caller defined");
                rest = rest.Remove("caller");
            }

            if (macro.CatchesKwargs)
            {
                locals["kwargs"] = new AnsibleDict([.. rest.OrderBy(static k => k.Key, StringComparer.Ordinal)
                    .Select(static k => new KeyValuePair<AnsibleValue, AnsibleValue>(new AnsibleString(k.Key), k.Value))]);
            }
            else if (!rest.IsEmpty)
            {
                throw new TemplateError(rest.ContainsKey("caller")
                    ? $"macro {name} was invoked with two values for the special caller argument. This is most likely a bug."
                    : $"macro {name} takes no keyword argument {PythonRepr.Repr(new AnsibleString(rest.Keys.Order(StringComparer.Ordinal).First()))}", span);
            }

            if (macro.CatchesVarargs) locals["varargs"] = new AnsibleList(arguments.Length > macro.Parameters.Length ? arguments[macro.Parameters.Length..] : [], isTuple: true);
            else if (arguments.Length > macro.Parameters.Length) throw new TemplateError($"macro {name} takes not more than {macro.Parameters.Length} argument(s)", span);

            RenderBody(macro.Body);
            return _output.Any(static v => v is AnsibleUnknown)
                ? new AnsibleUnknown($"the output of macro `{macro.Name}` is unknown")
                : new AnsibleString(string.Concat(_output.Select(PythonRepr.Str)));
        }
        finally
        {
            _scopes = savedScopes;
            _output = savedOutput;
            _macroDepth--;
        }
    }

    /// <summary>
    /// <c>xs.append(x)</c> and friends: Python changes the one list every name refers to, so the
    /// changed copy replaces the original wherever this template can reach it (its own variables,
    /// namespaces, and the context variable the receiver was read from).
    /// </summary>
    private AnsibleValue Mutate(Expression receiverExpression, AnsibleValue receiver, string method, ImmutableArray<AnsibleValue> arguments, ImmutableDictionary<string, AnsibleValue> keywords)
    {
        var (changed, result) = PythonMutations.Call(receiver, method, arguments, keywords);
        if (ReferenceEquals(changed, receiver)) return result;
        if (_uncertain > 0)
        {
            changed = new AnsibleUnknown($"`.{method}()` changes it in a branch or loop that may not run");
            result = new AnsibleUnknown(((AnsibleUnknown)changed).Cause);
        }

        foreach (var scope in _scopes)
        {
            foreach (var (name, value) in scope.ToList())
            {
                var replaced = Substitute(value, receiver, changed, 0);
                if (!ReferenceEquals(replaced, value)) scope[name] = replaced;
            }
        }

        var root = receiverExpression;
        while (root is AttributeExpression or ItemExpression) root = root is AttributeExpression a ? a.Target : ((ItemExpression)root).Target;
        if (root is NameExpression context && !IsLocal(context.Name))
        {
            var value = engine.LookupVariable(context.Name);
            var replaced = Substitute(value, receiver, changed, 0);
            if (!ReferenceEquals(replaced, value)) _scopes[0][context.Name] = replaced;
        }

        return result;
    }

    /// <summary><paramref name="value"/> with every reference to <paramref name="old"/> replaced (namespaces are changed in place).</summary>
    private static AnsibleValue Substitute(AnsibleValue value, AnsibleValue old, AnsibleValue replacement, int depth)
    {
        if (ReferenceEquals(value, old)) return replacement;
        if (depth > 64) return value;
        switch (value)
        {
            case AnsibleList list:
                ImmutableArray<AnsibleValue>.Builder? items = null;
                for (var i = 0; i < list.Items.Length; i++)
                {
                    var item = Substitute(list.Items[i], old, replacement, depth + 1);
                    if (items is null && !ReferenceEquals(item, list.Items[i])) items = list.Items.ToBuilder();
                    if (items is not null) items[i] = item;
                }

                return items is null ? value : new AnsibleList(items.ToImmutable(), list.IsTuple);
            case AnsibleDict dict:
                ImmutableArray<KeyValuePair<AnsibleValue, AnsibleValue>>.Builder? entries = null;
                for (var i = 0; i < dict.Entries.Length; i++)
                {
                    var entryValue = Substitute(dict.Entries[i].Value, old, replacement, depth + 1);
                    if (entries is null && !ReferenceEquals(entryValue, dict.Entries[i].Value)) entries = dict.Entries.ToBuilder();
                    if (entries is not null) entries[i] = new(dict.Entries[i].Key, entryValue);
                }

                return entries is null ? value : new AnsibleDict(entries.ToImmutable());
            case JinjaNamespace ns:
                foreach (var (name, attribute) in ns.Attributes.ToList())
                {
                    var replaced = Substitute(attribute, old, replacement, depth + 1);
                    if (!ReferenceEquals(replaced, attribute)) ns.Set(name, replaced);
                }

                return value;
            default:
                return value;
        }
    }

    public override AnsibleValue VisitFilterExpression(FilterExpression node)
    {
        var input = node.Operand is null ? AnsibleString.Empty : Evaluate(node.Operand);
        return ApplyFilter(node, input);
    }

    public override AnsibleValue VisitTestExpression(TestExpression node)
    {
        var input = Evaluate(node.Operand);
        var entry = engine.Options.Functions.Test(node.Name);
        if (entry is null) return NotModelled(node.Name, isTest: true, node.NameSpan);

        return Invoke(entry, node.Name, input, node.Arguments, node.Span);
    }

    /// <summary>A filter chain whose innermost operand is null (a block's body): applies every filter, innermost first.</summary>
    private AnsibleValue ApplyFilterChain(FilterExpression node, AnsibleValue input) =>
        ApplyFilter(node, node.Operand is FilterExpression inner ? ApplyFilterChain(inner, input) : input);

    private AnsibleValue ApplyFilter(FilterExpression node, AnsibleValue input)
    {
        var entry = engine.Options.Functions.Filter(node.Name);
        if (entry is null) return NotModelled(node.Name, isTest: false, node.NameSpan);

        var result = Invoke(entry, node.Name, input, node.Arguments, node.Span);
        if (DefaultFilters.Contains(node.Name)) RecordDefault(node, input, result);

        // Ansible 2.14 returns these as NativeJinjaText, which the final concat never literal_evals.
        if (result is AnsibleString text && NativeTextFilters.Contains(ShortName(node.Name))) return new AnsibleString(text.Value, text.IsUnsafe, isNativeText: true);
        return result;
    }

    /// <summary>
    /// A filter or test VarTrace has no model of: an unknown result when Ansible can load it (a
    /// collection's plugin), Ansible's own load error when it cannot.
    /// </summary>
    private AnsibleUnknown NotModelled(string name, bool isTest, SourceSpan span)
    {
        var kind = isTest ? "test" : "filter";
        if (!AnsibleFunctionCatalog.CanLoad(name, isTest)) throw new TemplateError(AnsibleFunctionCatalog.LoadError(name), span);
        engine.Warn($"{kind} `{name}` is not modelled by VarTrace; its result is unknown", span);
        return new AnsibleUnknown($"{kind} `{name}` is not modelled");
    }

    private void RecordDefault(FilterExpression node, AnsibleValue input, AnsibleValue result)
    {
        var subject = node.Operand is null ? "the input" : $"`{Text(node.Operand.Span)}`";
        var fallback = node.Arguments.Positional.IsEmpty ? "''" : Text(node.Arguments.Positional[0].Span);
        var (applied, reason) = input switch
        {
            AnsibleUndefined => (true, $"{subject} is undefined, so the fallback `{fallback}` ({AnsibleValueText(result)}) is used"),
            AnsibleUnknown u => (false, $"{subject} is unknown ({u.Cause}); whether the fallback `{fallback}` applies cannot be decided"),
            _ when ReferenceEquals(result, input) || result.DeepEquals(input) => (false, $"{subject} is defined ({AnsibleValueText(input)}), so the fallback `{fallback}` is never used"),
            _ => (true, $"{subject} is falsy ({AnsibleValueText(input)}) and `default(..., true)` replaces falsy values with `{fallback}`"),
        };
        engine.Record(new DefaultDecision(Text(node.Span), node.Span, applied, reason, engine.Depth));
    }

    private static string AnsibleValueText(AnsibleValue value)
    {
        var text = PythonRepr.Repr(value);
        return text.Length <= 60 ? text : text[..57] + "...";
    }

    private AnsibleValue Invoke(JinjaFunctionEntry entry, string name, AnsibleValue input, ArgumentList argumentList, SourceSpan span)
    {
        engine.CountStep();
        var (arguments, keywords) = EvaluateArguments(argumentList);
        if ((entry.Traits & FunctionTraits.AcceptsUndefined) == 0)
        {
            if (First<AnsibleUndefined>(input, arguments, keywords) is { } undefined) throw new TemplateError(undefined.Message, span, isUndefined: true);

            // Macros, namespaces and loop objects exist only inside Jinja; the modelled filters know
            // nothing of them, so say so instead of guessing (type_debug and callable are fine).
            if (name is not ("type_debug" or "ansible.builtin.type_debug" or "callable") && First<JinjaObject>(input, arguments, keywords) is { } jinjaObject)
            {
                return new AnsibleUnknown($"`{name}` of a Jinja {jinjaObject.PythonType} object is not modelled");
            }
        }

        if ((entry.Traits & FunctionTraits.AcceptsUnknown) == 0 && First<AnsibleUnknown>(input, arguments, keywords) is { } unknown)
        {
            return new AnsibleUnknown(unknown.Cause);
        }

        return entry.Function(new FilterCall(name, input, arguments, keywords, span, engine));
    }

    /// <summary>The first <typeparamref name="T"/> among a function's input and arguments (a loop, not LINQ: this runs for every filter call).</summary>
    private static T? First<T>(AnsibleValue input, ImmutableArray<AnsibleValue> arguments, ImmutableDictionary<string, AnsibleValue> keywords)
        where T : AnsibleValue
    {
        if (input is T found) return found;
        foreach (var argument in arguments)
        {
            if (argument is T match) return match;
        }

        if (keywords.IsEmpty) return null;
        foreach (var keyword in keywords)
        {
            if (keyword.Value is T match) return match;
        }

        return null;
    }

    private (ImmutableArray<AnsibleValue> Arguments, ImmutableDictionary<string, AnsibleValue> Keywords) EvaluateArguments(ArgumentList list)
    {
        var arguments = ImmutableArray.CreateBuilder<AnsibleValue>();
        foreach (var argument in list.Positional) arguments.Add(Evaluate(argument));
        if (list.Star is not null)
        {
            var star = Evaluate(list.Star);
            if (PythonOps.ToIterable(star) is { } starItems) arguments.AddRange(starItems);
            else arguments.Add(star);
        }

        var keywords = ImmutableDictionary.CreateBuilder<string, AnsibleValue>(StringComparer.Ordinal);
        foreach (var keyword in list.Keywords) keywords[keyword.Name] = Evaluate(keyword.Value);
        if (list.DoubleStar is not null && Evaluate(list.DoubleStar) is AnsibleDict extra)
        {
            foreach (var entry in extra.Entries)
            {
                if (entry.Key is AnsibleString key) keywords[key.Value] = entry.Value;
            }
        }

        return (arguments.ToImmutable(), keywords.ToImmutable());
    }

    private AnsibleValue Evaluate(Expression expression)
    {
        engine.CountStep();
        return Visit(expression);
    }

    private AnsibleValue? EvaluateOptional(Expression? expression) => expression is null ? null : Evaluate(expression);

    private void RenderBody(ImmutableArray<Statement> body)
    {
        foreach (var statement in body)
        {
            engine.CountStep();
            Visit(statement);
        }
    }

    private List<AnsibleValue> RenderIsolated(ImmutableArray<Statement> body)
    {
        var saved = _output;
        _output = [];
        try
        {
            RenderBody(body);
            return _output;
        }
        finally
        {
            _output = saved;
        }
    }

    /// <summary>The output of an <c>if</c> whose condition is unknown: one of two renderings.</summary>
    private static AnsibleValue Either(string cause, List<AnsibleValue> first, List<AnsibleValue> second)
    {
        if (first.Concat(second).Any(static v => v is AnsibleUnknown)) return new AnsibleUnknown(cause);
        return Possible(cause, [new AnsibleString(string.Concat(first.Select(PythonRepr.Str))), new AnsibleString(string.Concat(second.Select(PythonRepr.Str)))]);
    }

    /// <summary><c>unknown and x</c> / <c>unknown or x</c>: either the unknown operand or x.</summary>
    private static AnsibleValue Either(AnsibleUnknown left, AnsibleValue right, BinaryOperator op) =>
        left.PossibleValues.IsEmpty || right is AnsibleUnknown
            ? new AnsibleUnknown(left.Cause)
            : Possible(left.Cause, [.. left.PossibleValues.Select(p => (op == BinaryOperator.And ? PythonOps.Truthy(p) == false : PythonOps.Truthy(p) == true) ? p : right)]);

    /// <summary>An unknown value limited to <paramref name="candidates"/> (flattened and de-duplicated).</summary>
    private static AnsibleValue Possible(string cause, IEnumerable<AnsibleValue> candidates)
    {
        var values = new List<AnsibleValue>();
        foreach (var candidate in candidates)
        {
            if (candidate is AnsibleUnknown nested)
            {
                if (nested.PossibleValues.IsEmpty) return new AnsibleUnknown(nested.Cause);
                foreach (var p in nested.PossibleValues) if (!values.Any(v => v.DeepEquals(p))) values.Add(p);
            }
            else if (!values.Any(v => v.DeepEquals(candidate)))
            {
                values.Add(candidate);
            }
        }

        return values.Count == 1 ? values[0] : new AnsibleUnknown(cause, [.. values]);
    }

    private void Assign(Expression target, AnsibleValue value)
    {
        var scope = _scopes[^1];
        switch (target)
        {
            case NameExpression name:
                scope[name.Name] = value;
                break;
            case TupleExpression tuple:
                if (value is AnsibleUnknown unknown)
                {
                    foreach (var item in tuple.Items) Assign(item, new AnsibleUnknown(unknown.Cause));
                    break;
                }

                var items = PythonOps.ToIterable(value) ?? [];
                if (items.Length != tuple.Items.Length)
                {
                    throw new TemplateError($"not enough values to unpack (expected {tuple.Items.Length}, got {items.Length})", target.Span);
                }

                for (var i = 0; i < items.Length; i++) Assign(tuple.Items[i], items[i]);
                break;
            case AttributeExpression { Target: NameExpression owner } attribute:
                // `{% set ns.attr = value %}`: Jinja only allows it on a namespace() object.
                var ownerValue = Visit(owner);
                if (ownerValue is AnsibleUnknown) break;
                if (ownerValue is not JinjaNamespace ns) throw new TemplateError("cannot assign attribute on non-namespace object", target.Span);
                ns.Set(attribute.Name, _uncertain > 0 ? new AnsibleUnknown($"`{owner.Name}.{attribute.Name}` is set in a branch or loop that may not run") : value);
                break;
            default:
                throw new TemplateError("can't assign to this expression", target.Span);
        }
    }

    private bool IsLocal(string name) => _scopes.Any(s => s.ContainsKey(name));

    private static AnsibleUndefined? FindUndefined(AnsibleValue value) => value switch
    {
        AnsibleUndefined undefined => undefined,
        AnsibleList list => list.Items.Select(FindUndefined).FirstOrDefault(static u => u is not null),
        AnsibleDict dict => dict.Entries.Select(static e => FindUndefined(e.Key) ?? FindUndefined(e.Value)).FirstOrDefault(static u => u is not null),
        _ => null,
    };

    private static string ShortName(string name) => name[(name.LastIndexOf('.') + 1)..];

    private int LineOf(SourceSpan span) => 1 + _templateText.AsSpan(0, Math.Min(span.Start, _templateText.Length)).Count('\n');

    private string Text(SourceSpan span) =>
        span.End <= _templateText.Length ? span.TextIn(_templateText) : string.Empty;
}
