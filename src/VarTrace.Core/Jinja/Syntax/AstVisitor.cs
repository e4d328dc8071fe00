using VarTrace.Core.Jinja.Syntax.Ast;

namespace VarTrace.Core.Jinja.Syntax;

/// <summary>
/// One method per node type of the Jinja syntax tree. The methods are abstract on purpose: a node
/// type without a visitor method would be invisible to analysis (the reason Fluid's AGENTS.md gives),
/// so every interpretation (evaluation, reference collection, printing) must say what it does with
/// each node. Call <see cref="JinjaNode.Accept{T}"/> to dispatch.
/// </summary>
/// <typeparam name="T">What a visit returns.</typeparam>
public abstract class AstVisitor<T>
{
    /// <summary>Dispatches <paramref name="node"/> to its method.</summary>
    public T Visit(JinjaNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Accept(this);
    }

    /// <summary>Visits a <see cref="TemplateNode"/>.</summary>
    public abstract T VisitTemplate(TemplateNode node);

    /// <summary>Visits a <see cref="TextStatement"/>.</summary>
    public abstract T VisitTextStatement(TextStatement node);

    /// <summary>Visits a <see cref="OutputStatement"/>.</summary>
    public abstract T VisitOutputStatement(OutputStatement node);

    /// <summary>Visits a <see cref="IfStatement"/>.</summary>
    public abstract T VisitIfStatement(IfStatement node);

    /// <summary>Visits a <see cref="ForStatement"/>.</summary>
    public abstract T VisitForStatement(ForStatement node);

    /// <summary>Visits a <see cref="SetStatement"/>.</summary>
    public abstract T VisitSetStatement(SetStatement node);

    /// <summary>Visits a <see cref="SetBlockStatement"/>.</summary>
    public abstract T VisitSetBlockStatement(SetBlockStatement node);

    /// <summary>Visits a <see cref="MacroStatement"/>.</summary>
    public abstract T VisitMacroStatement(MacroStatement node);

    /// <summary>Visits a <see cref="CallBlockStatement"/>.</summary>
    public abstract T VisitCallBlockStatement(CallBlockStatement node);

    /// <summary>Visits a <see cref="WithStatement"/>.</summary>
    public abstract T VisitWithStatement(WithStatement node);

    /// <summary>Visits a <see cref="FilterBlockStatement"/>.</summary>
    public abstract T VisitFilterBlockStatement(FilterBlockStatement node);

    /// <summary>Visits a <see cref="UnsupportedStatement"/>.</summary>
    public abstract T VisitUnsupportedStatement(UnsupportedStatement node);

    /// <summary>Visits a <see cref="NameExpression"/>.</summary>
    public abstract T VisitNameExpression(NameExpression node);

    /// <summary>Visits a <see cref="StringLiteral"/>.</summary>
    public abstract T VisitStringLiteral(StringLiteral node);

    /// <summary>Visits a <see cref="IntegerLiteral"/>.</summary>
    public abstract T VisitIntegerLiteral(IntegerLiteral node);

    /// <summary>Visits a <see cref="FloatLiteral"/>.</summary>
    public abstract T VisitFloatLiteral(FloatLiteral node);

    /// <summary>Visits a <see cref="BooleanLiteral"/>.</summary>
    public abstract T VisitBooleanLiteral(BooleanLiteral node);

    /// <summary>Visits a <see cref="NoneLiteral"/>.</summary>
    public abstract T VisitNoneLiteral(NoneLiteral node);

    /// <summary>Visits a <see cref="ListExpression"/>.</summary>
    public abstract T VisitListExpression(ListExpression node);

    /// <summary>Visits a <see cref="TupleExpression"/>.</summary>
    public abstract T VisitTupleExpression(TupleExpression node);

    /// <summary>Visits a <see cref="DictExpression"/>.</summary>
    public abstract T VisitDictExpression(DictExpression node);

    /// <summary>Visits a <see cref="UnaryExpression"/>.</summary>
    public abstract T VisitUnaryExpression(UnaryExpression node);

    /// <summary>Visits a <see cref="BinaryExpression"/>.</summary>
    public abstract T VisitBinaryExpression(BinaryExpression node);

    /// <summary>Visits a <see cref="CompareExpression"/>.</summary>
    public abstract T VisitCompareExpression(CompareExpression node);

    /// <summary>Visits a <see cref="ConditionalExpression"/>.</summary>
    public abstract T VisitConditionalExpression(ConditionalExpression node);

    /// <summary>Visits a <see cref="AttributeExpression"/>.</summary>
    public abstract T VisitAttributeExpression(AttributeExpression node);

    /// <summary>Visits a <see cref="ItemExpression"/>.</summary>
    public abstract T VisitItemExpression(ItemExpression node);

    /// <summary>Visits a <see cref="SliceExpression"/>.</summary>
    public abstract T VisitSliceExpression(SliceExpression node);

    /// <summary>Visits a <see cref="CallExpression"/>.</summary>
    public abstract T VisitCallExpression(CallExpression node);

    /// <summary>Visits a <see cref="FilterExpression"/>.</summary>
    public abstract T VisitFilterExpression(FilterExpression node);

    /// <summary>Visits a <see cref="TestExpression"/>.</summary>
    public abstract T VisitTestExpression(TestExpression node);
}
