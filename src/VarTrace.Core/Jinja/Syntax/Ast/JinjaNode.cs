// The Jinja syntax tree. Every node is an immutable sealed record with the exact SourceSpan of its
// text in the template string; node names follow jinja2/nodes.py (Jinja 3.1) where one exists.
//
// Template level
//   TemplateNode           the whole template: a list of statements (Jinja's Template)
//   TextStatement          literal text between tags, after whitespace control (Jinja's TemplateData)
//   OutputStatement        {{ expr }} (Jinja's Output with one expression)
//   IfStatement            {% if %} / {% elif %}* / {% else %}? / {% endif %}; each test+body is an IfBranch
//   ForStatement           {% for target in iter [if filter] [recursive] %} body [{% else %} body] {% endfor %}
//   SetStatement           {% set target = expr %} (Jinja's Assign)
//   SetBlockStatement      {% set target [| filters] %} body {% endset %} (Jinja's AssignBlock)
//   UnsupportedStatement   a tag VarTrace does not interpret (macro, include, filter, with, call, ...):
//                          its keyword, its span and, for block tags, its parsed body
//
// Expressions
//   NameExpression         a variable reference or assignment target `x`
//   StringLiteral          'a' / "a" (adjacent strings already joined, as Jinja does)
//   IntegerLiteral         42, 0x2a, 1_000 (Python int, arbitrary precision)
//   FloatLiteral           1.5, 1e3
//   BooleanLiteral         true / false / True / False
//   NoneLiteral            none / None
//   ListExpression         [a, b]
//   TupleExpression        (a, b), bare `a, b` in {{ }}, for targets, set targets and values
//   DictExpression         {k: v}; each pair is a DictEntry
//   UnaryExpression        not x, -x, +x
//   BinaryExpression       + - * / // % ** ~ and or (and/or short-circuit; the evaluator decides)
//   CompareExpression      a == b < c: a left operand and a chain of Comparison (== != < <= > >= in, not in)
//   ConditionalExpression  a if b else c (Else is null when omitted: Jinja yields undefined)
//   AttributeExpression    x.name (Jinja's Getattr: attribute first, then item)
//   ItemExpression         x[i], and x.0 (Jinja's Getitem: item first, then attribute)
//   SliceExpression        a:b:c inside [] (any part may be null)
//   CallExpression         f(args, k=v, *a, **kw); the arguments are an ArgumentList
//   FilterExpression       x | name(args); Operand is null only for the filter of a SetBlockStatement
//   TestExpression         x is name(args) / x is name arg; `is not` is UnaryExpression(Not, TestExpression)
//
// Parts (not nodes, reached through their owner): IfBranch, Comparison, DictEntry, KeywordArgument,
// ArgumentList.

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>
/// The base of every node of the Jinja syntax tree. Nodes are immutable; analyses walk them with an
/// <see cref="AstVisitor{T}"/> rather than through methods on the nodes, because VarTrace needs
/// several interpretations of one tree (evaluate, collect references, evaluate with unknowns).
/// </summary>
/// <param name="Span">Where the node's text is in the template string.</param>
public abstract record JinjaNode(SourceSpan Span)
{
    /// <summary>Calls the <paramref name="visitor"/> method for this node's type.</summary>
    public abstract T Accept<T>(AstVisitor<T> visitor);
}
