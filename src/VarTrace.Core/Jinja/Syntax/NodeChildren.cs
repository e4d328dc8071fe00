using VarTrace.Core.Jinja.Syntax.Ast;

namespace VarTrace.Core.Jinja.Syntax;

/// <summary>The direct child nodes of each node type, in source order, for analyses that walk whole trees.</summary>
public sealed class NodeChildren : AstVisitor<IEnumerable<JinjaNode>>
{
    /// <summary>The shared instance (the visitor holds no state).</summary>
    public static readonly NodeChildren Instance = new();

    /// <summary><paramref name="node"/> and all nodes below it, parents before children.</summary>
    public static IEnumerable<JinjaNode> DescendantsAndSelf(JinjaNode node) =>
        new[] { node }.Concat(Instance.Visit(node).SelectMany(DescendantsAndSelf));

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitTemplate(TemplateNode node) => node.Body;

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitTextStatement(TextStatement node) => [];

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitOutputStatement(OutputStatement node) => [node.Expression];

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitIfStatement(IfStatement node) =>
        node.Branches.SelectMany(b => new JinjaNode[] { b.Test }.Concat(b.Body)).Concat(node.Else);

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitForStatement(ForStatement node) =>
        new JinjaNode?[] { node.Target, node.Iterable, node.Filter }.OfType<JinjaNode>().Concat(node.Body).Concat(node.Else);

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitSetStatement(SetStatement node) => [node.Target, node.Value];

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitSetBlockStatement(SetBlockStatement node) =>
        new JinjaNode?[] { node.Target, node.Filter }.OfType<JinjaNode>().Concat(node.Body);

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitMacroStatement(MacroStatement node) =>
        node.Parameters.Select(static p => p.Default).OfType<JinjaNode>().Concat(node.Body);

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitCallBlockStatement(CallBlockStatement node) =>
        node.Parameters.Select(static p => p.Default).OfType<JinjaNode>().Prepend(node.Call).Concat(node.Body);

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitWithStatement(WithStatement node) =>
        node.Targets.Zip(node.Values).SelectMany(static p => new JinjaNode[] { p.First, p.Second }).Concat(node.Body);

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitFilterBlockStatement(FilterBlockStatement node) => node.Body.Prepend<JinjaNode>(node.Filter);

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitUnsupportedStatement(UnsupportedStatement node) => node.Body;

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitNameExpression(NameExpression node) => [];

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitStringLiteral(StringLiteral node) => [];

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitIntegerLiteral(IntegerLiteral node) => [];

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitFloatLiteral(FloatLiteral node) => [];

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitBooleanLiteral(BooleanLiteral node) => [];

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitNoneLiteral(NoneLiteral node) => [];

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitListExpression(ListExpression node) => node.Items;

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitTupleExpression(TupleExpression node) => node.Items;

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitDictExpression(DictExpression node) =>
        node.Entries.SelectMany(e => new JinjaNode[] { e.Key, e.Value });

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitUnaryExpression(UnaryExpression node) => [node.Operand];

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitBinaryExpression(BinaryExpression node) => [node.Left, node.Right];

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitCompareExpression(CompareExpression node) =>
        new JinjaNode[] { node.Left }.Concat(node.Comparisons.Select(c => c.Operand));

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitConditionalExpression(ConditionalExpression node) =>
        new JinjaNode?[] { node.Then, node.Test, node.Else }.OfType<JinjaNode>();

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitAttributeExpression(AttributeExpression node) => [node.Target];

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitItemExpression(ItemExpression node) => [node.Target, node.Index];

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitSliceExpression(SliceExpression node) =>
        new JinjaNode?[] { node.Start, node.Stop, node.Step }.OfType<JinjaNode>();

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitCallExpression(CallExpression node) => new JinjaNode[] { node.Callee }.Concat(Arguments(node.Arguments));

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitFilterExpression(FilterExpression node) =>
        new JinjaNode?[] { node.Operand }.OfType<JinjaNode>().Concat(Arguments(node.Arguments));

    /// <inheritdoc />
    public override IEnumerable<JinjaNode> VisitTestExpression(TestExpression node) => new JinjaNode[] { node.Operand }.Concat(Arguments(node.Arguments));

    private static IEnumerable<JinjaNode> Arguments(ArgumentList arguments) =>
        arguments.Positional
            .Concat(arguments.Keywords.Select(k => k.Value))
            .Concat(new[] { arguments.Star, arguments.DoubleStar }.OfType<Expression>());
}
