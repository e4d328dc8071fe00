using System.Collections.Immutable;

namespace VarTrace.Core.Jinja.Syntax.Ast;

/// <summary>
/// The arguments of a call, filter or test, in Jinja's shape: positional arguments, then keyword
/// arguments, then at most one <c>*args</c> and one <c>**kwargs</c>. For a filter or test the
/// operand is not included: it is the implicit first argument.
/// </summary>
/// <param name="Positional">Positional arguments in order.</param>
/// <param name="Keywords">Keyword arguments in order.</param>
/// <param name="Star">The <c>*args</c> expression, or null.</param>
/// <param name="DoubleStar">The <c>**kwargs</c> expression, or null.</param>
public sealed record ArgumentList(
    ImmutableArray<Expression> Positional,
    ImmutableArray<KeywordArgument> Keywords,
    Expression? Star,
    Expression? DoubleStar)
{
    /// <summary>No arguments: a filter or test written without parentheses, or <c>f()</c>.</summary>
    public static ArgumentList Empty { get; } = new([], [], null, null);

    /// <summary>True when there are no arguments of any kind.</summary>
    public bool IsEmpty => Positional.IsEmpty && Keywords.IsEmpty && Star is null && DoubleStar is null;
}
