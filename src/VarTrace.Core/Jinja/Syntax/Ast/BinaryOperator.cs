namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>The operator of a <see cref="BinaryExpression"/>.</summary>
public enum BinaryOperator
{
    /// <summary><c>a or b</c>: short-circuit, yields the deciding operand (Python semantics).</summary>
    Or,

    /// <summary><c>a and b</c>: short-circuit, yields the deciding operand (Python semantics).</summary>
    And,

    /// <summary><c>a + b</c>.</summary>
    Add,

    /// <summary><c>a - b</c>.</summary>
    Subtract,

    /// <summary><c>a ~ b</c>: both operands converted to strings and joined (Jinja's <c>Concat</c>).</summary>
    Concat,

    /// <summary><c>a * b</c>.</summary>
    Multiply,

    /// <summary><c>a / b</c>: true division.</summary>
    Divide,

    /// <summary><c>a // b</c>: floor division.</summary>
    FloorDivide,

    /// <summary><c>a % b</c>: modulo, or string formatting with a string on the left.</summary>
    Modulo,

    /// <summary><c>a ** b</c>.</summary>
    Power,
}
