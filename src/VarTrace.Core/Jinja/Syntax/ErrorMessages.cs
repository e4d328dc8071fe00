namespace VarTrace.Core.Jinja.Syntax;

/// <summary>
/// The texts of Jinja syntax errors, kept in one place as Fluid keeps its parser's. Each is one
/// sentence without a final period; <c>{0}</c>/<c>{1}</c> are filled with names or token
/// descriptions in backticks. Where Jinja 3.1 reports the same problem its wording is noted.
/// </summary>
internal static class ErrorMessages
{
    /// <summary>The deepest nesting of expressions (and, separately, of blocks) the parser accepts.</summary>
    public const int MaxNestingDepth = 200;

    // Lexer. Jinja: "unexpected char 'x' at N".
    public const string UnexpectedCharacter = "unexpected character `{0}`";

    // Jinja reports an unclosed string as an unexpected quote character.
    public const string UnclosedString = "string literal is never closed";

    // Jinja: "Missing end of comment tag".
    public const string UnclosedComment = "comment is never closed: expected `#}`";

    // Jinja: "Missing end of raw directive".
    public const string UnclosedRaw = "`raw` block is never closed: expected `{% endraw %}`";

    // Jinja: "unexpected '}'".
    public const string UnmatchedClosingBracket = "unexpected `{0}` without a matching opening bracket";

    // Jinja: "unexpected ')', expected ']'".
    public const string MismatchedClosingBracket = "unexpected `{0}`: expected `{1}` to close the open bracket";

    // Python's unicode-escape codec errors ("truncated \xXX escape", "illegal Unicode character").
    public const string InvalidEscape = "invalid escape `{0}` in string literal";

    // Python accepts \N{UNICODE NAME}; VarTrace has no Unicode name table.
    public const string UnsupportedNamedEscape = "`\\N{...}` escapes are not supported in string literals";

    // Parser. Jinja: "unexpected 'end of print statement'" / "Expected an expression, got ...".
    public const string ExpectedExpression = "expected an expression, found {0}";

    // Jinja: "expected token 'end of print statement', got 'b'".
    public const string ExpectedToken = "expected {0}, found {1}";

    // Jinja: "expected name or number".
    public const string ExpectedNameOrNumber = "expected a name or a number after `.`, found {0}";

    // Jinja: "tag name expected".
    public const string ExpectedTagName = "expected a tag name, found {0}";

    // Jinja: "Encountered unknown tag 'x'.".
    public const string UnknownTag = "unknown tag `{0}`";

    // Jinja: "Encountered unknown tag 'endif'." with no block open.
    public const string UnexpectedEndTag = "`{0}` does not close any open block";

    // Jinja: "Encountered unknown tag 'endif'. Jinja was looking for the following tags: 'endfor' or 'else'."
    public const string MisplacedEndTag = "`{0}` found where the open `{1}` block expects {2}";

    // Jinja: "Unexpected end of template. Jinja was looking for the following tags: 'endif'." (reported
    // at the end of the template; VarTrace points at the tag that opened the block instead).
    public const string UnclosedBlock = "`{0}` block is never closed: expected {1}";

    // Jinja: "expected call".
    public const string ExpectedCall = "`call` expects a macro call";

    // Python: "non-default argument follows default argument".
    public const string NonDefaultAfterDefault = "a parameter without a default follows one with a default";

    // Jinja: "can't assign to 'const'".
    public const string CannotAssign = "`{0}` cannot be assigned to";

    // Jinja: "You cannot chain multiple tests with is".
    public const string ChainedTest = "tests cannot be chained with `is`: put the first test in parentheses";

    // Jinja: "invalid syntax for function call expression".
    public const string InvalidCallArguments =
        "invalid argument order: positional arguments come first, then keyword arguments, `*args` and `**kwargs`";

    // Jinja's compile_expression: "chunk after expression".
    public const string TrailingInput = "unexpected {0} after the expression";

    public const string ExpressionTooDeep = "expression nested deeper than 200 levels";

    public const string BlocksTooDeep = "blocks nested deeper than 200 levels";
}
