namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>The operator of a <see cref="UnaryExpression"/>.</summary>
public enum UnaryOperator
{
    /// <summary><c>not x</c>: boolean negation (Jinja's <c>Not</c>); also wraps a test written <c>is not</c>.</summary>
    Not,

    /// <summary><c>-x</c> (Jinja's <c>Neg</c>).</summary>
    Negate,

    /// <summary><c>+x</c> (Jinja's <c>Pos</c>).</summary>
    Plus,
}
