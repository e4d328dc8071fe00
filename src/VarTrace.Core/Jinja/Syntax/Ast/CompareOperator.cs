namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>The operator of one <see cref="Comparison"/>.</summary>
public enum CompareOperator
{
    /// <summary><c>==</c>.</summary>
    Equal,

    /// <summary><c>!=</c>.</summary>
    NotEqual,

    /// <summary><c>&lt;</c>.</summary>
    Less,

    /// <summary><c>&lt;=</c>.</summary>
    LessOrEqual,

    /// <summary><c>&gt;</c>.</summary>
    Greater,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterOrEqual,

    /// <summary><c>in</c>: membership.</summary>
    In,

    /// <summary><c>not in</c>.</summary>
    NotIn,
}
