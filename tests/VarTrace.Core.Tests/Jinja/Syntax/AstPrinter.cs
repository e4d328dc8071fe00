using System.Globalization;
using System.Text;
using VarTrace.Core.Jinja.Syntax;
using VarTrace.Core.Jinja.Syntax.Ast;

namespace VarTrace.Core.Tests.Jinja.Syntax;

/// <summary>
/// Prints a tree as canonical, fully parenthesised text so a precedence test is one line:
/// every operator, filter and test gets parentheses, literals print as Python reprs.
/// tests/VarTrace.Core.Tests/Jinja/Syntax/jinja_canonical.py prints real Jinja's trees the same way.
/// </summary>
internal sealed class AstPrinter : AstVisitor<string>
{
    public static readonly AstPrinter Instance = new();

    public static string Print(JinjaNode node) => Instance.Visit(node);

    public override string VisitTemplate(TemplateNode node) => Body(node.Body);

    public override string VisitTextStatement(TextStatement node) => node.Text;

    public override string VisitOutputStatement(OutputStatement node) => $"{{{{ {Visit(node.Expression)} }}}}";

    public override string VisitIfStatement(IfStatement node)
    {
        var text = new StringBuilder();
        for (var i = 0; i < node.Branches.Length; i++)
        {
            var branch = node.Branches[i];
            text.Append(i == 0 ? "{% if " : "{% elif ").Append(Visit(branch.Test)).Append(" %}").Append(Body(branch.Body));
        }

        if (!node.Else.IsEmpty) text.Append("{% else %}").Append(Body(node.Else));
        return text.Append("{% endif %}").ToString();
    }

    public override string VisitForStatement(ForStatement node)
    {
        var text = new StringBuilder("{% for ").Append(Visit(node.Target)).Append(" in ").Append(Visit(node.Iterable));
        if (node.Filter is not null) text.Append(" if ").Append(Visit(node.Filter));
        if (node.Recursive) text.Append(" recursive");
        text.Append(" %}").Append(Body(node.Body));
        if (!node.Else.IsEmpty) text.Append("{% else %}").Append(Body(node.Else));
        return text.Append("{% endfor %}").ToString();
    }

    public override string VisitSetStatement(SetStatement node) => $"{{% set {Visit(node.Target)} = {Visit(node.Value)} %}}";

    public override string VisitSetBlockStatement(SetBlockStatement node)
    {
        var filter = node.Filter is null ? "" : " " + Visit(node.Filter);
        return $"{{% set {Visit(node.Target)}{filter} %}}{Body(node.Body)}{{% endset %}}";
    }

    public override string VisitMacroStatement(MacroStatement node) =>
        $"{{% macro {node.Name}({Signature(node.Parameters)}) %}}{Body(node.Body)}{{% endmacro %}}";

    public override string VisitCallBlockStatement(CallBlockStatement node)
    {
        var signature = node.Parameters.IsEmpty ? "" : $"({Signature(node.Parameters)})";
        return $"{{% call{signature} {Visit(node.Call)} %}}{Body(node.Body)}{{% endcall %}}";
    }

    public override string VisitWithStatement(WithStatement node) =>
        $"{{% with {string.Join(", ", node.Targets.Select((t, i) => $"{Visit(t)} = {Visit(node.Values[i])}"))} %}}{Body(node.Body)}{{% endwith %}}";

    public override string VisitFilterBlockStatement(FilterBlockStatement node) =>
        $"{{% filter {Visit(node.Filter)} %}}{Body(node.Body)}{{% endfilter %}}";

    private string Signature(System.Collections.Immutable.ImmutableArray<MacroParameter> parameters) =>
        string.Join(", ", parameters.Select(p => p.Default is null ? p.Name : $"{p.Name}={Visit(p.Default)}"));

    public override string VisitUnsupportedStatement(UnsupportedStatement node)
    {
        var head = node.Arguments.Length == 0 ? node.Keyword : $"{node.Keyword} {node.Arguments}";
        return node.Body.IsEmpty && !IsBlockTag(node.Keyword)
            ? $"{{% {head} %}}"
            : $"{{% {head} %}}{Body(node.Body)}{{% end{node.Keyword} %}}";
    }

    public override string VisitNameExpression(NameExpression node) => node.Name;

    public override string VisitStringLiteral(StringLiteral node) => Repr(node.Value);

    public override string VisitIntegerLiteral(IntegerLiteral node) => node.Value.ToString(CultureInfo.InvariantCulture);

    public override string VisitFloatLiteral(FloatLiteral node) => Repr(node.Value);

    public override string VisitBooleanLiteral(BooleanLiteral node) => node.Value ? "True" : "False";

    public override string VisitNoneLiteral(NoneLiteral node) => "None";

    public override string VisitListExpression(ListExpression node) => $"[{List(node.Items)}]";

    public override string VisitTupleExpression(TupleExpression node) =>
        node.Items.Length == 1 ? $"({Visit(node.Items[0])},)" : $"({List(node.Items)})";

    public override string VisitDictExpression(DictExpression node) =>
        "{" + string.Join(", ", node.Entries.Select(e => $"{Visit(e.Key)}: {Visit(e.Value)}")) + "}";

    public override string VisitUnaryExpression(UnaryExpression node) => node.Operator switch
    {
        UnaryOperator.Not => $"(not {Visit(node.Operand)})",
        UnaryOperator.Negate => $"(-{Visit(node.Operand)})",
        _ => $"(+{Visit(node.Operand)})",
    };

    public override string VisitBinaryExpression(BinaryExpression node) =>
        $"({Visit(node.Left)} {Symbol(node.Operator)} {Visit(node.Right)})";

    public override string VisitCompareExpression(CompareExpression node) =>
        "(" + Visit(node.Left) + string.Concat(node.Comparisons.Select(c => $" {Symbol(c.Operator)} {Visit(c.Operand)}")) + ")";

    public override string VisitConditionalExpression(ConditionalExpression node) => node.Else is null
        ? $"({Visit(node.Then)} if {Visit(node.Test)})"
        : $"({Visit(node.Then)} if {Visit(node.Test)} else {Visit(node.Else)})";

    public override string VisitAttributeExpression(AttributeExpression node) => $"{Visit(node.Target)}.{node.Name}";

    public override string VisitItemExpression(ItemExpression node) => $"{Visit(node.Target)}[{Visit(node.Index)}]";

    public override string VisitSliceExpression(SliceExpression node) =>
        $"{Optional(node.Start)}:{Optional(node.Stop)}" + (node.Step is null ? "" : ":" + Visit(node.Step));

    public override string VisitCallExpression(CallExpression node) => $"{Visit(node.Callee)}({Arguments(node.Arguments)})";

    public override string VisitFilterExpression(FilterExpression node)
    {
        var operand = node.Operand is null ? "" : Visit(node.Operand) + " ";
        return $"({operand}| {node.Name}{CallSuffix(node.Arguments)})";
    }

    public override string VisitTestExpression(TestExpression node) =>
        $"({Visit(node.Operand)} is {node.Name}{CallSuffix(node.Arguments)})";

    private static bool IsBlockTag(string keyword) => keyword is "macro" or "call" or "filter" or "with" or "block" or "autoescape";

    private string Body(IEnumerable<Statement> body) => string.Concat(body.Select(Visit));

    private string List(IEnumerable<Expression> items) => string.Join(", ", items.Select(Visit));

    private string Optional(Expression? node) => node is null ? "" : Visit(node);

    private string CallSuffix(ArgumentList arguments) => arguments.IsEmpty ? "" : $"({Arguments(arguments)})";

    private string Arguments(ArgumentList arguments)
    {
        var parts = arguments.Positional.Select(Visit)
            .Concat(arguments.Keywords.Select(k => $"{k.Name}={Visit(k.Value)}"))
            .ToList();
        if (arguments.Star is not null) parts.Add("*" + Visit(arguments.Star));
        if (arguments.DoubleStar is not null) parts.Add("**" + Visit(arguments.DoubleStar));
        return string.Join(", ", parts);
    }

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "or",
        BinaryOperator.And => "and",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Concat => "~",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.FloorDivide => "//",
        BinaryOperator.Modulo => "%",
        _ => "**",
    };

    private static string Symbol(CompareOperator op) => op switch
    {
        CompareOperator.Equal => "==",
        CompareOperator.NotEqual => "!=",
        CompareOperator.Less => "<",
        CompareOperator.LessOrEqual => "<=",
        CompareOperator.Greater => ">",
        CompareOperator.GreaterOrEqual => ">=",
        CompareOperator.In => "in",
        _ => "not in",
    };

    // Python's repr of a str, enough for the test data: single quotes unless the text has one.
    private static string Repr(string value)
    {
        var quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var text = new StringBuilder().Append(quote);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == quote => "\\" + c,
                _ when c < ' ' || c == '\x7f' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return text.Append(quote).ToString();
    }

    // Python's repr of a float.
    private static string Repr(double value)
    {
        if (double.IsPositiveInfinity(value)) return "inf";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal))
        {
            var (mantissa, exponent) = (text[..text.IndexOf('E', StringComparison.Ordinal)], int.Parse(text[(text.IndexOf('E', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture));
            return $"{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }

        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }
}
