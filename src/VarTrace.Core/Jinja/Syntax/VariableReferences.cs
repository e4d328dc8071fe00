using System.Collections.Immutable;
using VarTrace.Core.Jinja.Syntax.Ast;

namespace VarTrace.Core.Jinja.Syntax;

/// <summary>
/// Lists the variables a template or expression reads from its context: every name that is not
/// bound by the template itself. Scoping follows Jinja 3.1 as its own
/// <c>jinja2.meta.find_undeclared_variables</c> reports it:
/// <list type="bullet">
/// <item><c>{% set %}</c> binds from the next statement on; a name read before it is free
/// (<c>{{ x }}{% set x = 1 %}</c> reads <c>x</c>), and so is one read in its own value.</item>
/// <item>A <c>{% for %}</c> target is bound in the loop body and filter, <c>loop</c> in the body only,
/// neither in the <c>else</c> body nor after the loop; a <c>set</c> inside a loop body stays there.</item>
/// <item>A <c>set</c> inside an <c>if</c> branch binds within the branch only: after the <c>if</c>
/// Jinja looks the name up in the context again, even when every branch sets it.</item>
/// </list>
/// Unlike Jinja's helper, names read in the body of a block <c>set</c> are reported too.
/// </summary>
public static class VariableReferences
{
    /// <summary>The free references of <paramref name="root"/>, a template or any node in one.</summary>
    public static VariableReferenceSet Collect(JinjaNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var walker = new Walker();
        walker.Visit(root);
        return new VariableReferenceSet(walker.References.ToImmutable(), walker.Unanalysed.ToImmutable());
    }

    private sealed class Walker : AstVisitor<bool>
    {
        // Tags without bindings of their own: their bodies are walked like any other.
        private static readonly HashSet<string> TransparentTags = ["autoescape", "block"];

        private readonly List<HashSet<string>> _scopes = [[]];

        public ImmutableArray<NameExpression>.Builder References { get; } = ImmutableArray.CreateBuilder<NameExpression>();

        public ImmutableArray<UnsupportedStatement>.Builder Unanalysed { get; } = ImmutableArray.CreateBuilder<UnsupportedStatement>();

        public override bool VisitTemplate(TemplateNode node) => Statements(node.Body);

        public override bool VisitTextStatement(TextStatement node) => true;

        public override bool VisitOutputStatement(OutputStatement node) => Visit(node.Expression);

        public override bool VisitIfStatement(IfStatement node)
        {
            foreach (var branch in node.Branches)
            {
                Visit(branch.Test);
                Scoped(branch.Body);
            }

            return Scoped(node.Else);
        }

        public override bool VisitForStatement(ForStatement node)
        {
            Visit(node.Iterable);
            _scopes.Add([]);
            Bind(node.Target);
            if (node.Filter is not null) Visit(node.Filter);
            _scopes[^1].Add("loop");
            Statements(node.Body);
            _scopes.RemoveAt(_scopes.Count - 1);
            return Scoped(node.Else);
        }

        public override bool VisitSetStatement(SetStatement node)
        {
            Visit(node.Value);
            return Bind(node.Target);
        }

        public override bool VisitSetBlockStatement(SetBlockStatement node)
        {
            Scoped(node.Body);
            if (node.Filter is not null) Visit(node.Filter);
            return Bind(node.Target);
        }

        public override bool VisitMacroStatement(MacroStatement node)
        {
            Signature(node.Parameters, node.Body, "caller");
            _scopes[^1].Add(node.Name);
            return true;
        }

        public override bool VisitCallBlockStatement(CallBlockStatement node)
        {
            Visit(node.Call);
            return Signature(node.Parameters, node.Body);
        }

        public override bool VisitWithStatement(WithStatement node)
        {
            Expressions(node.Values);
            _scopes.Add([]);
            foreach (var target in node.Targets) Bind(target);
            Statements(node.Body);
            _scopes.RemoveAt(_scopes.Count - 1);
            return true;
        }

        public override bool VisitFilterBlockStatement(FilterBlockStatement node)
        {
            Scoped(node.Body);
            return Visit(node.Filter);
        }

        public override bool VisitUnsupportedStatement(UnsupportedStatement node)
        {
            if (!TransparentTags.Contains(node.Keyword))
            {
                Unanalysed.Add(node);
                return true;
            }

            return Scoped(node.Body);
        }

        public override bool VisitNameExpression(NameExpression node)
        {
            if (!_scopes.Any(scope => scope.Contains(node.Name))) References.Add(node);
            return true;
        }

        public override bool VisitStringLiteral(StringLiteral node) => true;

        public override bool VisitIntegerLiteral(IntegerLiteral node) => true;

        public override bool VisitFloatLiteral(FloatLiteral node) => true;

        public override bool VisitBooleanLiteral(BooleanLiteral node) => true;

        public override bool VisitNoneLiteral(NoneLiteral node) => true;

        public override bool VisitListExpression(ListExpression node) => Expressions(node.Items);

        public override bool VisitTupleExpression(TupleExpression node) => Expressions(node.Items);

        public override bool VisitDictExpression(DictExpression node)
        {
            foreach (var entry in node.Entries)
            {
                Visit(entry.Key);
                Visit(entry.Value);
            }

            return true;
        }

        public override bool VisitUnaryExpression(UnaryExpression node) => Visit(node.Operand);

        public override bool VisitBinaryExpression(BinaryExpression node) => Visit(node.Left) && Visit(node.Right);

        public override bool VisitCompareExpression(CompareExpression node)
        {
            Visit(node.Left);
            foreach (var comparison in node.Comparisons) Visit(comparison.Operand);
            return true;
        }

        public override bool VisitConditionalExpression(ConditionalExpression node)
        {
            Visit(node.Test);
            Visit(node.Then);
            return node.Else is null || Visit(node.Else);
        }

        public override bool VisitAttributeExpression(AttributeExpression node) => Visit(node.Target);

        public override bool VisitItemExpression(ItemExpression node) => Visit(node.Target) && Visit(node.Index);

        public override bool VisitSliceExpression(SliceExpression node)
        {
            if (node.Start is not null) Visit(node.Start);
            if (node.Stop is not null) Visit(node.Stop);
            return node.Step is null || Visit(node.Step);
        }

        public override bool VisitCallExpression(CallExpression node) => Visit(node.Callee) && Arguments(node.Arguments);

        public override bool VisitFilterExpression(FilterExpression node)
        {
            if (node.Operand is not null) Visit(node.Operand);
            return Arguments(node.Arguments);
        }

        public override bool VisitTestExpression(TestExpression node) => Visit(node.Operand) && Arguments(node.Arguments);

        private bool Statements(ImmutableArray<Statement> body)
        {
            foreach (var statement in body) Visit(statement);
            return true;
        }

        // A macro's defaults are read where it is defined; its body sees its parameters and Jinja's
        // implicit `varargs` and `kwargs` (and `caller` for a macro a `call` block can invoke).
        private bool Signature(ImmutableArray<MacroParameter> parameters, ImmutableArray<Statement> body, params string[] implicitNames)
        {
            foreach (var parameter in parameters)
            {
                if (parameter.Default is not null) Visit(parameter.Default);
            }

            _scopes.Add(["varargs", "kwargs", .. implicitNames, .. parameters.Select(static p => p.Name)]);
            Statements(body);
            _scopes.RemoveAt(_scopes.Count - 1);
            return true;
        }

        private bool Scoped(ImmutableArray<Statement> body)
        {
            _scopes.Add([]);
            Statements(body);
            _scopes.RemoveAt(_scopes.Count - 1);
            return true;
        }

        private bool Expressions(ImmutableArray<Expression> items)
        {
            foreach (var item in items) Visit(item);
            return true;
        }

        private bool Arguments(ArgumentList arguments)
        {
            Expressions(arguments.Positional);
            foreach (var keyword in arguments.Keywords) Visit(keyword.Value);
            if (arguments.Star is not null) Visit(arguments.Star);
            return arguments.DoubleStar is null || Visit(arguments.DoubleStar);
        }

        // An assignment target: names are bound in the innermost scope; `ns.attr` reads `ns`.
        private bool Bind(Expression target)
        {
            switch (target)
            {
                case NameExpression name:
                    _scopes[^1].Add(name.Name);
                    return true;
                case TupleExpression tuple:
                    foreach (var item in tuple.Items) Bind(item);
                    return true;
                default:
                    return Visit(target);
            }
        }
    }
}
