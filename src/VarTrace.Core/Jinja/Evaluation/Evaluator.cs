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

    private readonly List<Dictionary<string, AnsibleValue>> _scopes = [new(StringComparer.Ordinal)];
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
        var value = Evaluate(node.Expression);

        // Ansible's finalize: None prints as an empty string; an undefined value fails the template.
        switch (value)
        {
            case AnsibleUndefined { IsLenient: true }:
                // Jinja's plain Undefined (a false inline if without else) renders as nothing.
                _output.Add(AnsibleString.Empty);
                break;
            case AnsibleUndefined undefined:
                throw new TemplateError(undefined.Message, node.Span, isUndefined: true);
            case AnsibleList or AnsibleDict when FindUndefined(value) is { } nested:
                // Ansible's finalize (_fail_on_undefined) looks inside lists and dicts too.
                throw new TemplateError(nested.Message, node.Span, isUndefined: true);
            case AnsibleNull:
                _output.Add(AnsibleString.Empty);
                break;
            default:
                _output.Add(value);
                break;
        }

        return AnsibleNull.Instance;
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
                var taken = RenderIsolated(branch.Body);
                var rest = RenderIsolated(i + 1 < node.Branches.Length
                    ? [node with { Branches = node.Branches[(i + 1)..] }]
                    : node.Else);
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
                    _output.Add(new AnsibleUnknown($"a loop filter over an unknown value ({((AnsibleUnknown)keep).Cause})"));
                    return AnsibleNull.Instance;
                }

                if (keepTruth.Value) selected.Add(item);
            }
        }

        foreach (var item in selected)
        {
            _scopes.Add(new Dictionary<string, AnsibleValue>(StringComparer.Ordinal) { ["loop"] = LoopObject(rendered, selected.Count) });
            Assign(node.Target, item);
            RenderBody(node.Body);
            _scopes.RemoveAt(_scopes.Count - 1);
            rendered++;
        }

        if (rendered == 0) RenderBody(node.Else);
        return AnsibleNull.Instance;
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
        if (node.Filter is { } filter) value = ApplyFilter(filter, value);
        Assign(node.Target, value);
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

    // Python tuples are kept as lists: Ansible hands both to modules as JSON arrays.
    public override AnsibleValue VisitTupleExpression(TupleExpression node) => new AnsibleList([.. node.Items.Select(Evaluate)]);

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
            if (leftTruth is null) return Either((AnsibleUnknown)left, Evaluate(node.Right), node.Operator);
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
            var then = Evaluate(node.Then);
            var otherwise = node.Else is null ? AnsibleUndefined.ForName("the missing else branch") : Evaluate(node.Else);
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
        return target is AnsibleUndefined or AnsibleUnknown ? target : PythonOps.GetAttribute(target, node.Name);
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
        return index is AnsibleUnknown ? index : PythonOps.GetItem(target, index);
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
                return PythonOps.CallMethod(target, method.Name, arguments, keywords);
            case NameExpression name when !IsLocal(name.Name) && Globals.TryCall(name.Name, arguments, keywords, node.Span) is { } result:
                return result;
            default:
                var callee = Evaluate(node.Callee);
                if (callee is AnsibleUnknown calleeUnknown) return calleeUnknown;
                if (callee is AnsibleUndefined calleeUndefined) throw new TemplateError(calleeUndefined.Message, node.Span, isUndefined: true);
                throw new TemplateError($"'{callee.PythonType}' object is not callable", node.Span);
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
        if (entry is null)
        {
            // Jinja raises at compile time for an unknown test; Ansible fails the task.
            throw new TemplateError($"No test named '{node.Name}'.", node.NameSpan);
        }

        return Invoke(entry, node.Name, input, node.Arguments, node.Span);
    }

    private AnsibleValue ApplyFilter(FilterExpression node, AnsibleValue input)
    {
        var entry = engine.Options.Functions.Filter(node.Name);
        if (entry is null)
        {
            engine.Warn($"filter `{node.Name}` is not known to VarTrace; its result is unknown", node.NameSpan);
            return new AnsibleUnknown($"filter `{node.Name}` is not modelled");
        }

        var result = Invoke(entry, node.Name, input, node.Arguments, node.Span);
        if (DefaultFilters.Contains(node.Name)) RecordDefault(node, input, result);

        // Ansible 2.14 returns these as NativeJinjaText, which the final concat never literal_evals.
        if (result is AnsibleString text && NativeTextFilters.Contains(ShortName(node.Name))) return new AnsibleString(text.Value, text.IsUnsafe, isNativeText: true);
        return result;
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
            foreach (var value in arguments.Prepend(input).Concat(keywords.Values))
            {
                if (value is AnsibleUndefined undefined) throw new TemplateError(undefined.Message, span, isUndefined: true);
            }
        }

        if ((entry.Traits & FunctionTraits.AcceptsUnknown) == 0)
        {
            var unknown = arguments.Prepend(input).Concat(keywords.Values).OfType<AnsibleUnknown>().FirstOrDefault();
            if (unknown is not null) return new AnsibleUnknown(unknown.Cause);
        }

        return entry.Function(new FilterCall(name, input, arguments, keywords, span, engine));
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
            default:
                throw new TemplateError("can't assign to this expression", target.Span);
        }
    }

    private bool IsLocal(string name) => _scopes.Any(s => s.ContainsKey(name));

    /// <summary>Jinja's <c>loop</c> object as a dict of its commonly used attributes.</summary>
    private static AnsibleDict LoopObject(int index0, int length) => new(
    [
        new(new AnsibleString("index"), AnsibleInt.Of(index0 + 1)),
        new(new AnsibleString("index0"), AnsibleInt.Of(index0)),
        new(new AnsibleString("revindex"), AnsibleInt.Of(length - index0)),
        new(new AnsibleString("revindex0"), AnsibleInt.Of(length - index0 - 1)),
        new(new AnsibleString("first"), AnsibleBool.Of(index0 == 0)),
        new(new AnsibleString("last"), AnsibleBool.Of(index0 == length - 1)),
        new(new AnsibleString("length"), AnsibleInt.Of(new BigInteger(length))),
    ]);

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
