using System.Collections.Immutable;
using VarTrace.Core.Jinja.Evaluation;
using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Jinja.Syntax.Ast;
using VarTrace.Core.Values;
using VarTrace.Core.Yaml;

namespace VarTrace.Core.Tests.Jinja.Evaluation;

/// <summary>
/// Evaluates the small expressions of the recorded tables (operators, methods, filters and tests over
/// literals and the variables <c>x</c>, <c>a</c>, <c>b</c>) straight on <see cref="PythonOps"/> and
/// <see cref="FunctionLibrary.Default"/>, so these tables test this layer alone. The rows were recorded
/// with <c>record_ansible.py</c> beside this file.
/// </summary>
internal static class ExpressionHarness
{
    private static readonly JinjaParser Templar = new(JinjaSyntaxOptions.AnsibleTemplar);

    /// <summary>The input text meaning "not defined".</summary>
    public const string Undefined = "<undefined>";

    /// <summary>A YAML or JSON literal as Ansible loads it (JSON first, then YAML 1.1).</summary>
    public static AnsibleValue Load(string text, string name) => text == Undefined
        ? AnsibleUndefined.ForName(name)
        : AnsibleDataLoader.Load(text, "row.yml").Documents.Single().Value;

    /// <summary>Evaluates an expression as Ansible's templar reads <c>{{ expression }}</c> (backslash doubling included).</summary>
    public static AnsibleValue Evaluate(string expression, IReadOnlyDictionary<string, AnsibleValue> variables)
    {
        var template = Templar.ParseTemplate("{{ " + expression + " }}");
        return new MiniEvaluator(variables).Evaluate(((OutputStatement)template.Body.Single()).Expression);
    }

    /// <summary>
    /// Checks one recorded row: <paramref name="expectedType"/> is the Python type <c>type_debug</c> gave,
    /// or <c>error</c> with <paramref name="expected"/> a fragment of the message.
    /// </summary>
    public static void Check(string expression, IReadOnlyDictionary<string, AnsibleValue> variables, string expected, string expectedType)
    {
        AnsibleValue result;
        try
        {
            result = Evaluate(expression, variables);

            // Output of an undefined value raises its message, as Ansible's templar does.
            PythonOps.FindUnknown(result);
        }
        catch (TemplateError e)
        {
            Assert.True(expectedType == "error", $"`{expression}` raised `{e.Message}`, expected {expectedType} {expected}");
            Assert.Contains(expected, e.Message, StringComparison.Ordinal);
            return;
        }

        Assert.True(expectedType != "error", $"`{expression}` gave {PythonRepr.Repr(result)}, expected an error containing `{expected}`");
        if (expectedType == "unknown")
        {
            Assert.IsType<AnsibleUnknown>(result);
            return;
        }

        Assert.Equal(expectedType, result.PythonType == "AnsibleUnsafeText" ? "str" : result.PythonType);
        var want = Load(expected, "expected");
        Assert.True(StrictEquals(want, result), $"`{expression}` gave {PythonRepr.Repr(result)}, expected {PythonRepr.Repr(want)}");
    }

    /// <summary>Equality that also checks types (<c>1 != 1.0 != True</c>) and dict order, as JSON shows them.</summary>
    private static bool StrictEquals(AnsibleValue expected, AnsibleValue actual) => (expected, actual) switch
    {
        (AnsibleFloat e, AnsibleFloat a) => e.Value.Equals(a.Value),
        (AnsibleString e, AnsibleString a) => e.Value == a.Value,
        (AnsibleList e, AnsibleList a) => e.Items.Length == a.Items.Length && e.Items.Zip(a.Items).All(p => StrictEquals(p.First, p.Second)),
        (AnsibleDict e, AnsibleDict a) => e.Entries.Length == a.Entries.Length
            && e.Entries.Zip(a.Entries).All(p => JsonKey(p.First.Key) == JsonKey(p.Second.Key) && StrictEquals(p.First.Value, p.Second.Value)),
        _ => expected.DeepEquals(actual),
    };

    /// <summary>A dict key as JSON writes it (the recorded side went through <c>to_json</c>).</summary>
    private static string JsonKey(AnsibleValue key) => key switch
    {
        AnsibleString s => s.Value,
        AnsibleBool b => b.Value ? "true" : "false",
        AnsibleNull => "null",
        _ => PythonOps.Str(key),
    };

    /// <summary>The subset of the evaluator these tables need, with Jinja's undefined/unknown rules for filters and tests.</summary>
    private sealed class MiniEvaluator(IReadOnlyDictionary<string, AnsibleValue> variables) : IEvaluationServices
    {
        public Version TargetVersion { get; } = new(2, 14);

        public void Warn(string message, SourceSpan span)
        {
        }

        public AnsibleValue Template(AnsibleValue value) => value;

        public AnsibleValue Evaluate(Expression node) => node switch
        {
            NameExpression n => variables.TryGetValue(n.Name, out var v) ? v : n.Name switch
            {
                "true" or "True" => AnsibleBool.True,
                "false" or "False" => AnsibleBool.False,
                "none" or "None" => AnsibleNull.Instance,
                _ => AnsibleUndefined.ForName(n.Name),
            },
            StringLiteral s => new AnsibleString(s.Value),
            IntegerLiteral i => AnsibleInt.Of(i.Value),
            FloatLiteral f => new AnsibleFloat(f.Value),
            BooleanLiteral b => AnsibleBool.Of(b.Value),
            NoneLiteral => AnsibleNull.Instance,
            ListExpression l => new AnsibleList([.. l.Items.Select(Evaluate)]),
            TupleExpression t => new AnsibleList([.. t.Items.Select(Evaluate)]),
            DictExpression d => new AnsibleDict([.. d.Entries.Select(e => new KeyValuePair<AnsibleValue, AnsibleValue>(Evaluate(e.Key), Evaluate(e.Value)))]),
            UnaryExpression u => u.Operator switch
            {
                UnaryOperator.Not => PythonOps.Not(Evaluate(u.Operand)),
                UnaryOperator.Negate => PythonOps.Negate(Evaluate(u.Operand)),
                _ => PythonOps.Positive(Evaluate(u.Operand)),
            },
            BinaryExpression b => Binary(b),
            CompareExpression c => Compare(c),
            AttributeExpression a => PythonOps.GetAttribute(Evaluate(a.Target), a.Name),
            ItemExpression { Index: SliceExpression s } i => PythonOps.Slice(Evaluate(i.Target), Optional(s.Start), Optional(s.Stop), Optional(s.Step)),
            ItemExpression i => PythonOps.GetItem(Evaluate(i.Target), Evaluate(i.Index)),
            CallExpression { Callee: AttributeExpression m } call => PythonOps.CallMethod(Evaluate(m.Target), m.Name, Arguments(call.Arguments).Positional, Arguments(call.Arguments).Keywords),
            FilterExpression f => Invoke(FunctionLibrary.Default.Filter(f.Name), f.Name, Evaluate(f.Operand!), f.Arguments, f.Span),
            TestExpression t => Invoke(FunctionLibrary.Default.Test(t.Name), t.Name, Evaluate(t.Operand), t.Arguments, t.Span),
            _ => throw new NotSupportedException(node.GetType().Name),
        };

        private AnsibleValue? Optional(Expression? node) => node is null ? null : Evaluate(node);

        private AnsibleValue Binary(BinaryExpression b)
        {
            var left = Evaluate(b.Left);
            if (b.Operator is BinaryOperator.And or BinaryOperator.Or)
            {
                var truth = PythonOps.Truthy(left) ?? throw new NotSupportedException("unknown truth");
                return truth == (b.Operator == BinaryOperator.And) ? Evaluate(b.Right) : left;
            }

            var right = Evaluate(b.Right);
            return b.Operator switch
            {
                BinaryOperator.Add => PythonOps.Add(left, right),
                BinaryOperator.Subtract => PythonOps.Subtract(left, right),
                BinaryOperator.Concat => PythonOps.Concat(left, right),
                BinaryOperator.Multiply => PythonOps.Multiply(left, right),
                BinaryOperator.Divide => PythonOps.TrueDivide(left, right),
                BinaryOperator.FloorDivide => PythonOps.FloorDivide(left, right),
                BinaryOperator.Modulo => PythonOps.Modulo(left, right),
                _ => PythonOps.Power(left, right),
            };
        }

        private AnsibleValue Compare(CompareExpression c)
        {
            var left = Evaluate(c.Left);
            AnsibleValue result = AnsibleBool.True;
            foreach (var comparison in c.Comparisons)
            {
                var right = Evaluate(comparison.Operand);
                result = PythonOps.Compare(comparison.Operator, left, right);
                if (PythonOps.Truthy(result) != true) return result;
                left = right;
            }

            return result;
        }

        private (ImmutableArray<AnsibleValue> Positional, ImmutableDictionary<string, AnsibleValue> Keywords) Arguments(ArgumentList list) =>
            ([.. list.Positional.Select(Evaluate)], list.Keywords.ToImmutableDictionary(k => k.Name, k => Evaluate(k.Value), StringComparer.Ordinal));

        private AnsibleValue Invoke(JinjaFunctionEntry? entry, string name, AnsibleValue input, ArgumentList list, SourceSpan span)
        {
            Assert.True(entry is not null, $"`{name}` is not registered");
            var (positional, keywords) = Arguments(list);
            var all = positional.Prepend(input).Concat(keywords.Values).ToList();
            if ((entry.Traits & FunctionTraits.AcceptsUndefined) == 0 && all.OfType<AnsibleUndefined>().FirstOrDefault() is { } undefined)
            {
                throw PythonOps.UndefinedError(undefined);
            }

            if ((entry.Traits & FunctionTraits.AcceptsUnknown) == 0 && all.OfType<AnsibleUnknown>().FirstOrDefault() is { } unknown)
            {
                return new AnsibleUnknown(unknown.Cause);
            }

            return entry.Function(new FilterCall(name, input, positional, keywords, span, this));
        }
    }
}
