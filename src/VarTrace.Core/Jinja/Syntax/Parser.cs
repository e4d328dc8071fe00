using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using VarTrace.Core.Jinja.Syntax.Ast;

namespace VarTrace.Core.Jinja.Syntax;

/// <summary>
/// One parse: a recursive-descent parser over the token list, written after jinja2/parser.py
/// (Jinja 3.1) function by function so precedence and quirks match. Every error is a
/// <see cref="JinjaSyntaxException"/>; nesting is bounded so no input can exhaust the stack.
/// </summary>
internal sealed class Parser
{
    private static readonly string[] IfEnds = ["elif", "else", "endif"];
    private static readonly string[] EndIf = ["endif"];
    private static readonly string[] ForEnds = ["endfor", "else"];
    private static readonly string[] EndFor = ["endfor"];
    private static readonly string[] EndSet = ["endset"];
    private static readonly string[] EndMacro = ["endmacro"];
    private static readonly string[] EndCall = ["endcall"];
    private static readonly string[] EndWith = ["endwith"];
    private static readonly string[] EndFilter = ["endfilter"];

    // Tags Jinja knows but VarTrace does not interpret. Block tags have a body and an end tag; the
    // others stand alone. `do`, `break` and `continue` are not here: they need Jinja extensions
    // that Ansible 2.14 does not enable, so they are unknown tags there.
    private static readonly HashSet<string> UnsupportedBlockTags = ["block", "autoescape"];
    private static readonly HashSet<string> UnsupportedSingleTags = ["include", "import", "from", "extends", "print"];

    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly List<(string Tag, string[] Ends)> _openBlocks = [];
    private ImmutableArray<FunctionReference>.Builder? _functions;
    private int _pos;
    private int _lastEnd;
    private int _depth;
    private int _blockDepth;

    private Parser(string text, List<Token> tokens)
    {
        _text = text;
        _tokens = tokens;
    }

    public static TemplateNode ParseTemplate(string text, JinjaSyntaxOptions options)
    {
        var parser = new Parser(text, Lexer.Tokenize(text, options, expression: false));
        var body = parser.ParseBody(null);
        return new TemplateNode(body, new SourceSpan(0, text.Length)) { Functions = parser._functions?.ToImmutable() ?? [] };
    }

    // Jinja's Environment.compile_expression: one expression (no bare tuple), then nothing else.
    public static Expression ParseExpression(string text, JinjaSyntaxOptions options)
    {
        var parser = new Parser(text, Lexer.Tokenize(text, options, expression: true));
        var expression = parser.ParseConditional();
        var rest = parser.Current;
        if (rest.Kind != TokenKind.Eof) throw parser.Error(rest.Span, ErrorMessages.TrailingInput, parser.Describe(rest));
        return expression;
    }

    // ---- token stream -------------------------------------------------------------------------

    private Token Current => Peek(0);

    private Token Peek(int ahead)
    {
        var token = _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];
        if (token.Kind == TokenKind.Error) throw Error(token.Span, token.Value!);
        return token;
    }

    private Token Advance()
    {
        var token = Current;
        if (token.Kind != TokenKind.Eof)
        {
            _pos++;
            _lastEnd = token.End;
        }

        return token;
    }

    private bool IsName(Token token, string name) => token.Kind == TokenKind.Name && token.Value == name;

    private bool SkipIf(TokenKind kind)
    {
        if (Current.Kind != kind) return false;
        Advance();
        return true;
    }

    private bool SkipIfName(string name)
    {
        if (!IsName(Current, name)) return false;
        Advance();
        return true;
    }

    private Token Expect(TokenKind kind)
    {
        var token = Current;
        if (token.Kind != kind) throw WithJinja(Error(token.Span, ErrorMessages.ExpectedToken, Describe(kind), Describe(token)), JinjaExpected(JinjaDescribe(kind), token));
        return Advance();
    }

    private Token ExpectName(string what)
    {
        var token = Current;
        if (token.Kind != TokenKind.Name) throw Error(token.Span, ErrorMessages.ExpectedToken, what, Describe(token));
        return Advance();
    }

    private SourceSpan From(int start) => SourceSpan.FromBounds(start, Math.Max(start, _lastEnd));

    private JinjaSyntaxException Error(SourceSpan span, string format, params object[] args)
    {
        var message = args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
        return new JinjaSyntaxException(new JinjaSyntaxError(message, span, TemplatePosition.Of(_text, span.Start)));
    }

    private static JinjaSyntaxException WithJinja(JinjaSyntaxException exception, string jinjaMessage) =>
        new(exception.Error with { JinjaMessage = jinjaMessage });

    private string Describe(Token token) => token.Kind switch
    {
        TokenKind.Eof => "end of template",
        TokenKind.Data => "template text",
        _ => $"`{Shorten(_text.Substring(token.Start, token.Length))}`",
    };

    private static string Shorten(string text) => text.Length <= 30 ? text : string.Concat(text.AsSpan(0, 27), "...");

    private static string Describe(TokenKind kind) => kind switch
    {
        TokenKind.VariableEnd => "`}}`",
        TokenKind.BlockEnd => "`%}`",
        TokenKind.RParen => "`)`",
        TokenKind.RBracket => "`]`",
        TokenKind.RBrace => "`}`",
        TokenKind.Colon => "`:`",
        TokenKind.Comma => "`,`",
        _ => kind.ToString(),
    };

    // Jinja's describe_token: names are themselves, operators their text, the rest a phrase.
    private string JinjaDescribe(Token token) => token.Kind switch
    {
        TokenKind.Name => token.Value!,
        TokenKind.Eof or TokenKind.VariableEnd or TokenKind.BlockEnd or TokenKind.VariableBegin or TokenKind.BlockBegin or TokenKind.Data
            or TokenKind.String or TokenKind.Integer or TokenKind.Float => JinjaDescribe(token.Kind),
        _ => _text.Substring(token.Start, token.Length),
    };

    private static string JinjaDescribe(TokenKind kind) => kind switch
    {
        TokenKind.Eof => "end of template",
        TokenKind.VariableEnd => "end of print statement",
        TokenKind.BlockEnd => "end of statement block",
        TokenKind.VariableBegin => "begin of print statement",
        TokenKind.BlockBegin => "begin of statement block",
        TokenKind.Data => "template data / text",
        TokenKind.String => "string",
        TokenKind.Integer => "integer",
        TokenKind.Float => "float",
        TokenKind.RParen => ")",
        TokenKind.RBracket => "]",
        TokenKind.RBrace => "}",
        TokenKind.Colon => ":",
        TokenKind.Comma => ",",
        TokenKind.Assign => "=",
        _ => kind.ToString().ToLowerInvariant(),
    };

    // Jinja's TokenStream.expect.
    private string JinjaExpected(string expected, Token found) => found.Kind == TokenKind.Eof
        ? $"unexpected end of template, expected '{expected}'."
        : $"expected token '{expected}', got '{JinjaDescribe(found)}'";

    // Jinja's Parser._fail_ut_eof: an unknown tag (or, with a null name, the end of the template)
    // while the blocks in _openBlocks are open.
    private string JinjaUnknownTag(string? name)
    {
        var message = new StringBuilder(name is null ? "Unexpected end of template." : $"Encountered unknown tag '{name}'.");
        if (_openBlocks.Count > 0)
        {
            var looking = string.Join(" or ", _openBlocks[^1].Ends.Select(static t => $"'{t}'"));
            if (name is not null && _openBlocks.Any(b => b.Ends.Contains(name)))
            {
                message.Append($" You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for {looking}.");
            }
            else
            {
                message.Append($" Jinja was looking for the following tags: {looking}.");
            }

            message.Append($" The innermost block that needs to be closed is '{_openBlocks[^1].Tag}'.");
        }

        return message.ToString();
    }

    private static string DescribeTags(string[] tags) => tags.Length switch
    {
        1 => $"`{tags[0]}`",
        _ => string.Join(", ", tags[..^1].Select(static t => $"`{t}`")) + $" or `{tags[^1]}`",
    };

    // Recursion guard of the expression productions: a depth counter for the message, and the
    // runtime's own check so a thread with a small stack also gets a syntax error. Each level of
    // the tree counts once: parse_unary (every operand, so parentheses, lists and calls) and
    // parse_not, which recurses without passing through parse_unary.
    private void Enter(int start)
    {
        if (++_depth > ErrorMessages.MaxNestingDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Error(new SourceSpan(start, 0), ErrorMessages.ExpressionTooDeep);
        }
    }

    private void Exit() => _depth--;

    // The same for statement bodies, counted apart so a deep block does not shrink its expressions.
    private void EnterBlock(int start)
    {
        if (++_blockDepth > ErrorMessages.MaxNestingDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Error(new SourceSpan(start, 0), ErrorMessages.BlocksTooDeep);
        }
    }

    // A loop that wraps the node built so far (`a + b + c`, `x.y.z`, `x|f|g`) deepens the tree as
    // much as recursion does, and every visitor recurses over it, so each link counts as a level.
    // The caller gives the levels back with `_depth -= links` when the loop ends.
    private void Link(int start, ref int links)
    {
        Enter(start);
        links++;
    }

    // ---- statements (Parser.subparse, parse_statement, parse_if, parse_for, parse_set) ---------

    // Statements until end of template (ends == null) or a `{% tag %}` naming one of `ends`, where
    // it stops on the `{%` token.
    private ImmutableArray<Statement> ParseBody(string[]? ends)
    {
        var body = ImmutableArray.CreateBuilder<Statement>();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Eof:
                    return body.ToImmutable();
                case TokenKind.Data:
                    Advance();
                    body.Add(new TextStatement(token.Value!, token.Span));
                    break;
                case TokenKind.VariableBegin:
                    Advance();
                    var expression = ParseTuple(withConditional: true);
                    Expect(TokenKind.VariableEnd);
                    body.Add(new OutputStatement(expression, From(token.Start)));
                    break;
                default:
                    var tag = Peek(1);
                    if (ends is not null && tag.Kind == TokenKind.Name && Array.IndexOf(ends, tag.Value) >= 0)
                    {
                        return body.ToImmutable();
                    }

                    body.Add(ParseStatement());
                    break;
            }
        }
    }

    private Statement ParseStatement()
    {
        var begin = Advance();
        var name = Current;
        if (name.Kind != TokenKind.Name) throw Error(name.Span, ErrorMessages.ExpectedTagName, Describe(name));
        switch (name.Value)
        {
            case "if": return ParseIf(begin);
            case "for": return ParseFor(begin);
            case "set": return ParseSet(begin);
            case "macro": return ParseMacro(begin);
            case "call": return ParseCallBlock(begin);
            case "with": return ParseWith(begin);
            case "filter": return ParseFilterBlock(begin);
        }

        if (UnsupportedBlockTags.Contains(name.Value!)) return ParseUnsupported(begin, hasBody: true);
        if (UnsupportedSingleTags.Contains(name.Value!)) return ParseUnsupported(begin, hasBody: false);

        var span = SourceSpan.FromBounds(begin.Start, name.End);
        var isEndTag = name.Value!.StartsWith("end", StringComparison.Ordinal) || name.Value is "else" or "elif";
        var jinja = JinjaUnknownTag(name.Value);
        if (!isEndTag) throw WithJinja(Error(span, ErrorMessages.UnknownTag, name.Value), jinja);
        if (_openBlocks.Count == 0) throw WithJinja(Error(span, ErrorMessages.UnexpectedEndTag, name.Value), jinja);
        var (open, ends) = _openBlocks[^1];
        throw WithJinja(Error(span, ErrorMessages.MisplacedEndTag, name.Value, open, DescribeTags(ends)), jinja);
    }

    // Jinja's parse_statements: an optional `:`, the `%}`, then the body up to one of `ends`; stops
    // on the end tag's name, which the caller reads with EndTag().
    private ImmutableArray<Statement> ParseStatements(string openTag, SourceSpan openSpan, string[] ends)
    {
        SkipIf(TokenKind.Colon);
        Expect(TokenKind.BlockEnd);
        EnterBlock(openSpan.Start);
        _openBlocks.Add((openTag, ends));
        var body = ParseBody(ends);
        var jinja = Current.Kind == TokenKind.Eof ? JinjaUnknownTag(null) : null;
        _openBlocks.RemoveAt(_openBlocks.Count - 1);
        _blockDepth--;
        if (jinja is not null) throw WithJinja(Error(openSpan, ErrorMessages.UnclosedBlock, openTag, DescribeTags(ends)), jinja);
        return body;
    }

    // The whole opening tag `{% ... %}` starting at `begin`, for errors about a block never closed.
    // Reads the token list directly: an error token further on must not be raised from here.
    private SourceSpan OpenTagSpan(Token begin)
    {
        for (var i = _pos; i < _tokens.Count; i++)
        {
            if (_tokens[i].Kind is TokenKind.BlockEnd or TokenKind.Error or TokenKind.Eof)
            {
                return SourceSpan.FromBounds(begin.Start, Math.Max(begin.End, _tokens[i].Kind == TokenKind.BlockEnd ? _tokens[i].End : begin.End));
            }
        }

        return begin.Span;
    }

    // Consumes `{%` and the end tag's name; returns the name.
    private string EndTag()
    {
        Advance();
        return Advance().Value!;
    }

    private IfStatement ParseIf(Token begin)
    {
        var openSpan = OpenTagSpan(begin);
        Advance();
        var branches = ImmutableArray.CreateBuilder<IfBranch>();
        var branchStart = begin.Start;
        var elseBody = ImmutableArray<Statement>.Empty;
        while (true)
        {
            // Jinja parses if/elif tests with parse_tuple(with_condexpr=False).
            var test = ParseTuple(withConditional: false);
            var body = ParseStatements("if", openSpan, IfEnds);
            var tagStart = Current.Start;
            branches.Add(new IfBranch(test, body, SourceSpan.FromBounds(branchStart, tagStart)));
            var tag = EndTag();
            if (tag == "elif")
            {
                branchStart = tagStart;
                continue;
            }

            if (tag == "else")
            {
                elseBody = ParseStatements("if", openSpan, EndIf);
                EndTag();
            }

            break;
        }

        Expect(TokenKind.BlockEnd);
        return new IfStatement(branches.ToImmutable(), elseBody, From(begin.Start));
    }

    private ForStatement ParseFor(Token begin)
    {
        var openSpan = OpenTagSpan(begin);
        Advance();
        var target = ParseAssignTarget(withNamespace: false);
        if (!SkipIfName("in")) throw Error(Current.Span, ErrorMessages.ExpectedToken, "`in`", Describe(Current));
        var iterable = ParseTuple(withConditional: false);
        var filter = SkipIfName("if") ? ParseConditional() : null;
        var recursive = SkipIfName("recursive");
        var body = ParseStatements("for", openSpan, ForEnds);
        ImmutableArray<Statement> elseBody = [];
        if (EndTag() == "else")
        {
            elseBody = ParseStatements("for", openSpan, EndFor);
            EndTag();
        }

        Expect(TokenKind.BlockEnd);
        return new ForStatement(target, iterable, filter, recursive, body, elseBody, From(begin.Start));
    }

    private Statement ParseSet(Token begin)
    {
        var openSpan = OpenTagSpan(begin);
        Advance();
        var target = ParseAssignTarget(withNamespace: true);
        if (SkipIf(TokenKind.Assign))
        {
            var value = ParseTuple(withConditional: true);
            Expect(TokenKind.BlockEnd);
            return new SetStatement(target, value, From(begin.Start));
        }

        var filter = Current.Kind == TokenKind.Pipe ? ParseFilters(null, Current.Start) : null;
        var body = ParseStatements("set", openSpan, EndSet);
        EndTag();
        Expect(TokenKind.BlockEnd);
        return new SetBlockStatement(target, (FilterExpression?)filter, body, From(begin.Start));
    }

    // Jinja's parse_macro: `{% macro name(params) %}` body `{% endmacro %}`.
    private MacroStatement ParseMacro(Token begin)
    {
        var openSpan = OpenTagSpan(begin);
        Advance();
        var name = ExpectName("a macro name");
        var parameters = ParseSignature();
        var body = ParseStatements("macro", openSpan, EndMacro);
        EndTag();
        Expect(TokenKind.BlockEnd);
        return new MacroStatement(name.Value!, parameters, body, From(begin.Start));
    }

    // Jinja's parse_call_block: `{% call[(params)] macro(args) %}` body `{% endcall %}`.
    private CallBlockStatement ParseCallBlock(Token begin)
    {
        var openSpan = OpenTagSpan(begin);
        Advance();
        var parameters = Current.Kind == TokenKind.LParen ? ParseSignature() : [];
        var callStart = Current.Start;
        if (ParseTuple(withConditional: true) is not CallExpression call) throw Error(From(callStart), ErrorMessages.ExpectedCall);
        var body = ParseStatements("call", openSpan, EndCall);
        EndTag();
        Expect(TokenKind.BlockEnd);
        return new CallBlockStatement(call, parameters, body, From(begin.Start));
    }

    // Jinja's parse_signature: `(a, b=default, ...)`; a parameter without default may not follow one with.
    private ImmutableArray<MacroParameter> ParseSignature()
    {
        Expect(TokenKind.LParen);
        var parameters = ImmutableArray.CreateBuilder<MacroParameter>();
        while (Current.Kind != TokenKind.RParen)
        {
            if (parameters.Count > 0) Expect(TokenKind.Comma);
            if (Current.Kind == TokenKind.RParen) break;
            var name = ExpectName("a parameter name");
            Expression? fallback = null;
            if (SkipIf(TokenKind.Assign)) fallback = ParseConditional();
            else if (parameters.Count > 0 && parameters[^1].Default is not null) throw Error(name.Span, ErrorMessages.NonDefaultAfterDefault);
            parameters.Add(new MacroParameter(name.Value!, fallback, From(name.Start)));
        }

        Expect(TokenKind.RParen);
        return parameters.ToImmutable();
    }

    // Jinja's parse_with: `{% with a = x, b = y %}` body `{% endwith %}`.
    private WithStatement ParseWith(Token begin)
    {
        var openSpan = OpenTagSpan(begin);
        Advance();
        var targets = ImmutableArray.CreateBuilder<Expression>();
        var values = ImmutableArray.CreateBuilder<Expression>();
        while (Current.Kind != TokenKind.BlockEnd)
        {
            if (targets.Count > 0) Expect(TokenKind.Comma);
            targets.Add(ParseAssignTarget(withNamespace: false));
            Expect(TokenKind.Assign);
            values.Add(ParseConditional());
        }

        var body = ParseStatements("with", openSpan, EndWith);
        EndTag();
        Expect(TokenKind.BlockEnd);
        return new WithStatement(targets.ToImmutable(), values.ToImmutable(), body, From(begin.Start));
    }

    // Jinja's parse_filter_block: `{% filter name(args) | more %}` body `{% endfilter %}`; the first
    // filter has no pipe (parse_filter with start_inline=True).
    private FilterBlockStatement ParseFilterBlock(Token begin)
    {
        var openSpan = OpenTagSpan(begin);
        Advance();
        var start = Current.Start;
        var (name, nameSpan) = ParseDottedName("a filter name");
        var arguments = Current.Kind == TokenKind.LParen ? ParseArguments() : ArgumentList.Empty;
        AddFunction(name, isTest: false, nameSpan);
        var filter = (FilterExpression)ParseFilters(new FilterExpression(null, name, nameSpan, arguments, From(start)), start)!;
        var body = ParseStatements("filter", openSpan, EndFilter);
        EndTag();
        Expect(TokenKind.BlockEnd);
        return new FilterBlockStatement(filter, body, From(begin.Start));
    }

    // A tag whose arguments VarTrace keeps as text: skip to `%}` (the lexer has already checked the
    // brackets), then for block tags parse the body up to `end<tag>`, whose arguments are skipped too
    // (Jinja allows `{% endblock name %}`).
    private UnsupportedStatement ParseUnsupported(Token begin, bool hasBody)
    {
        var keyword = Advance();
        var close = SkipToBlockEnd();
        var arguments = _text[keyword.End..close.Start].Trim();
        var body = ImmutableArray<Statement>.Empty;
        if (hasBody)
        {
            var endTag = "end" + keyword.Value;
            var openSpan = SourceSpan.FromBounds(begin.Start, close.End);
            EnterBlock(begin.Start);
            _openBlocks.Add((keyword.Value!, [endTag]));
            body = ParseBody([endTag]);
            var jinja = Current.Kind == TokenKind.Eof ? JinjaUnknownTag(null) : null;
            _openBlocks.RemoveAt(_openBlocks.Count - 1);
            _blockDepth--;
            if (jinja is not null) throw WithJinja(Error(openSpan, ErrorMessages.UnclosedBlock, keyword.Value!, $"`{endTag}`"), jinja);
            EndTag();
            SkipToBlockEnd();
        }

        return new UnsupportedStatement(keyword.Value!, arguments, body, From(begin.Start));
    }

    private Token SkipToBlockEnd()
    {
        while (Current.Kind is not (TokenKind.BlockEnd or TokenKind.Eof)) Advance();
        return Expect(TokenKind.BlockEnd);
    }

    // Jinja's parse_assign_target: parse_tuple(simplified=True) over primaries, then can_assign().
    private Expression ParseAssignTarget(bool withNamespace)
    {
        var start = Current.Start;
        var items = ImmutableArray.CreateBuilder<Expression>();
        var isTuple = false;
        SourceSpan? invalid = null;
        while (true)
        {
            if (items.Count > 0) Expect(TokenKind.Comma);
            if (IsTupleEnd()) break;
            var item = ParseTargetPrimary(withNamespace, out var isNamespaceReference);
            if (!isNamespaceReference && !IsAssignable(item)) invalid ??= FirstUnassignable(item);
            items.Add(item);
            if (Current.Kind == TokenKind.Comma) isTuple = true;
            else break;
        }

        if (!isTuple && items.Count == 0) throw Error(Current.Span, ErrorMessages.ExpectedExpression, Describe(Current));
        if (invalid is { } bad) throw Error(bad, ErrorMessages.CannotAssign, bad.TextIn(_text));
        return isTuple ? new TupleExpression(items.ToImmutable(), From(start)) : items[0];
    }

    // parse_primary(with_namespace=True): `ns.attr` is a namespace reference, only in `set` targets.
    private Expression ParseTargetPrimary(bool withNamespace, out bool isNamespaceReference)
    {
        isNamespaceReference = false;
        var token = Current;
        if (withNamespace && token.Kind == TokenKind.Name && Peek(1).Kind == TokenKind.Dot && !IsConstantName(token.Value!))
        {
            Advance();
            Advance();
            var attribute = ExpectName("an attribute name");
            isNamespaceReference = true;
            return new AttributeExpression(new NameExpression(token.Value!, token.Span), attribute.Value!, From(token.Start));
        }

        return ParsePrimary();
    }

    private static bool IsConstantName(string name) => name is "true" or "false" or "True" or "False" or "none" or "None";

    private static bool IsAssignable(Expression target) => target switch
    {
        NameExpression => true,
        TupleExpression tuple => tuple.Items.All(IsAssignable),
        _ => false,
    };

    private static SourceSpan FirstUnassignable(Expression target) => target is TupleExpression tuple
        ? FirstUnassignable(tuple.Items.First(static i => !IsAssignable(i)))
        : target.Span;

    // ---- expressions ----------------------------------------------------------------------------

    // Jinja's is_tuple_end. Its extra_end_rules (`in` for loop targets, `recursive` after the loop
    // iterable) never match in Jinja 3.1: the tuple is passed to Token.test_any as one argument. So
    // `{% for x, in xs %}` is an error there (`in` becomes a second target name), and here too.
    private bool IsTupleEnd() => Current.Kind is TokenKind.VariableEnd or TokenKind.BlockEnd or TokenKind.RParen;

    // Jinja's parse_tuple: comma-separated expressions; a single one without a comma is itself.
    private Expression ParseTuple(bool withConditional, bool explicitParentheses = false)
    {
        var start = Current.Start;
        if (IsTupleEnd())
        {
            if (!explicitParentheses) throw WithJinja(Error(Current.Span, ErrorMessages.ExpectedExpression, Describe(Current)), $"Expected an expression, got '{JinjaDescribe(Current)}'");
            return new TupleExpression([], From(start));
        }

        var first = withConditional ? ParseConditional() : ParseOr();
        if (Current.Kind != TokenKind.Comma) return first;

        var items = ImmutableArray.CreateBuilder<Expression>();
        items.Add(first);
        while (SkipIf(TokenKind.Comma) && !IsTupleEnd())
        {
            items.Add(withConditional ? ParseConditional() : ParseOr());
            if (Current.Kind != TokenKind.Comma) break;
        }

        return new TupleExpression(items.ToImmutable(), From(start));
    }

    // parse_condexpr: `a if b else c`, else optional, chained to the left as Jinja loops.
    private Expression ParseConditional()
    {
        var start = Current.Start;
        var result = ParseOr();
        var links = 0;
        while (SkipIfName("if"))
        {
            Link(start, ref links);
            var test = ParseOr();
            var otherwise = SkipIfName("else") ? ParseConditional() : null;
            result = new ConditionalExpression(test, result, otherwise, From(start));
        }

        _depth -= links;
        return result;
    }

    private Expression ParseOr()
    {
        var start = Current.Start;
        var left = ParseAnd();
        var links = 0;
        while (SkipIfName("or"))
        {
            Link(start, ref links);
            left = new BinaryExpression(BinaryOperator.Or, left, ParseAnd(), From(start));
        }

        _depth -= links;
        return left;
    }

    private Expression ParseAnd()
    {
        var start = Current.Start;
        var left = ParseNot();
        var links = 0;
        while (SkipIfName("and"))
        {
            Link(start, ref links);
            left = new BinaryExpression(BinaryOperator.And, left, ParseNot(), From(start));
        }

        _depth -= links;
        return left;
    }

    private Expression ParseNot()
    {
        var token = Current;
        if (!IsName(token, "not")) return ParseCompare();
        Advance();
        Enter(token.Start);
        var operand = ParseNot();
        Exit();
        return new UnaryExpression(UnaryOperator.Not, operand, From(token.Start));
    }

    private Expression ParseCompare()
    {
        var start = Current.Start;
        var left = ParseMath1();
        ImmutableArray<Comparison>.Builder? comparisons = null;
        while (true)
        {
            var token = Current;
            CompareOperator op;
            switch (token.Kind)
            {
                case TokenKind.Eq: op = CompareOperator.Equal; break;
                case TokenKind.Ne: op = CompareOperator.NotEqual; break;
                case TokenKind.Lt: op = CompareOperator.Less; break;
                case TokenKind.LtEq: op = CompareOperator.LessOrEqual; break;
                case TokenKind.Gt: op = CompareOperator.Greater; break;
                case TokenKind.GtEq: op = CompareOperator.GreaterOrEqual; break;
                case TokenKind.Name when token.Value == "in": op = CompareOperator.In; break;
                case TokenKind.Name when token.Value == "not" && IsName(Peek(1), "in"):
                    Advance();
                    op = CompareOperator.NotIn;
                    break;
                default:
                    return comparisons is null ? left : new CompareExpression(left, comparisons.ToImmutable(), From(start));
            }

            Advance();
            var operand = ParseMath1();
            (comparisons ??= ImmutableArray.CreateBuilder<Comparison>()).Add(new Comparison(op, operand, From(token.Start)));
        }
    }

    private Expression ParseMath1()
    {
        var start = Current.Start;
        var left = ParseConcat();
        var links = 0;
        while (Current.Kind is TokenKind.Add or TokenKind.Sub)
        {
            Link(start, ref links);
            var op = Advance().Kind == TokenKind.Add ? BinaryOperator.Add : BinaryOperator.Subtract;
            left = new BinaryExpression(op, left, ParseConcat(), From(start));
        }

        _depth -= links;
        return left;
    }

    // Jinja builds one n-ary Concat; a left-leaning chain of binary `~` has the same value.
    private Expression ParseConcat()
    {
        var start = Current.Start;
        var left = ParseMath2();
        var links = 0;
        while (SkipIf(TokenKind.Tilde))
        {
            Link(start, ref links);
            left = new BinaryExpression(BinaryOperator.Concat, left, ParseMath2(), From(start));
        }

        _depth -= links;
        return left;
    }

    private Expression ParseMath2()
    {
        var start = Current.Start;
        var left = ParsePow();
        var links = 0;
        while (true)
        {
            var op = Current.Kind switch
            {
                TokenKind.Mul => BinaryOperator.Multiply,
                TokenKind.Div => BinaryOperator.Divide,
                TokenKind.FloorDiv => BinaryOperator.FloorDivide,
                TokenKind.Mod => BinaryOperator.Modulo,
                _ => (BinaryOperator?)null,
            };
            if (op is null) break;
            Link(start, ref links);
            Advance();
            left = new BinaryExpression(op.Value, left, ParsePow(), From(start));
        }

        _depth -= links;
        return left;
    }

    // Jinja's parse_pow loops, so `**` is left-associative (unlike Python).
    private Expression ParsePow()
    {
        var start = Current.Start;
        var left = ParseUnary(withFilter: true);
        var links = 0;
        while (SkipIf(TokenKind.Pow))
        {
            Link(start, ref links);
            left = new BinaryExpression(BinaryOperator.Power, left, ParseUnary(withFilter: true), From(start));
        }

        _depth -= links;
        return left;
    }

    // Jinja's parse_unary: the operand of `-`/`+` is parsed without filters, and postfix operators
    // and filters then apply to the negation, so `-x|abs` is `(-x)|abs` and `-x.y` is `-(x.y)`.
    private Expression ParseUnary(bool withFilter)
    {
        var token = Current;
        Enter(token.Start);
        Expression node;
        if (token.Kind is TokenKind.Sub or TokenKind.Add)
        {
            Advance();
            var operand = ParseUnary(withFilter: false);
            node = new UnaryExpression(token.Kind == TokenKind.Sub ? UnaryOperator.Negate : UnaryOperator.Plus, operand, From(token.Start));
        }
        else
        {
            node = ParsePrimary();
        }

        node = ParsePostfix(node, token.Start);
        if (withFilter) node = ParseFilterExpression(node, token.Start);
        Exit();
        return node;
    }

    private Expression ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Name:
                Advance();
                return token.Value switch
                {
                    "true" or "True" => new BooleanLiteral(true, token.Span),
                    "false" or "False" => new BooleanLiteral(false, token.Span),
                    "none" or "None" => new NoneLiteral(token.Span),
                    _ => new NameExpression(token.Value!, token.Span),
                };
            case TokenKind.String:
                Advance();
                if (Current.Kind != TokenKind.String) return new StringLiteral(token.Value!, token.Span);
                var joined = new StringBuilder(token.Value);
                while (Current.Kind == TokenKind.String) joined.Append(Advance().Value);
                return new StringLiteral(joined.ToString(), From(token.Start));
            case TokenKind.Integer:
                Advance();
                return new IntegerLiteral(ParseInteger(token), token.Span);
            case TokenKind.Float:
                Advance();
                var digits = _text.Substring(token.Start, token.Length).Replace("_", "", StringComparison.Ordinal);
                return new FloatLiteral(double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture), token.Span);
            case TokenKind.LParen:
                Advance();
                var inner = ParseTuple(withConditional: true, explicitParentheses: true);
                Expect(TokenKind.RParen);

                // A tuple's span includes its parentheses; a parenthesised single expression keeps its own.
                return inner is TupleExpression tuple ? tuple with { Span = From(token.Start) } : inner;
            case TokenKind.LBracket:
                return ParseList();
            case TokenKind.LBrace:
                return ParseDict();
            default:
                throw WithJinja(Error(token.Span, ErrorMessages.ExpectedExpression, Describe(token)), $"unexpected '{JinjaDescribe(token)}'");
        }
    }

    // Python's int(text, 0) after removing `_`, which the lexer has already validated.
    private BigInteger ParseInteger(Token token)
    {
        var text = _text.AsSpan(token.Start, token.Length);
        var radix = text.Length > 1 && text[0] == '0' ? char.ToLowerInvariant(text[1]) switch { 'b' => 2, 'o' => 8, 'x' => 16, _ => 10 } : 10;
        var value = BigInteger.Zero;
        foreach (var c in radix == 10 ? text : text[2..])
        {
            if (c == '_') continue;
            value = (value * radix) + (char.IsAsciiDigit(c) ? c - '0' : char.ToLowerInvariant(c) - 'a' + 10);
        }

        return value;
    }

    private ListExpression ParseList()
    {
        var start = Advance().Start;
        var items = ImmutableArray.CreateBuilder<Expression>();
        while (Current.Kind != TokenKind.RBracket)
        {
            if (items.Count > 0) Expect(TokenKind.Comma);
            if (Current.Kind == TokenKind.RBracket) break;
            items.Add(ParseConditional());
        }

        Expect(TokenKind.RBracket);
        return new ListExpression(items.ToImmutable(), From(start));
    }

    private DictExpression ParseDict()
    {
        var start = Advance().Start;
        var entries = ImmutableArray.CreateBuilder<DictEntry>();
        while (Current.Kind != TokenKind.RBrace)
        {
            if (entries.Count > 0) Expect(TokenKind.Comma);
            if (Current.Kind == TokenKind.RBrace) break;
            var key = ParseConditional();
            Expect(TokenKind.Colon);
            var value = ParseConditional();
            entries.Add(new DictEntry(key, value, SourceSpan.FromBounds(key.Span.Start, value.Span.End)));
        }

        Expect(TokenKind.RBrace);
        return new DictExpression(entries.ToImmutable(), From(start));
    }

    private Expression ParsePostfix(Expression node, int start)
    {
        var links = 0;
        while (Current.Kind is TokenKind.Dot or TokenKind.LBracket or TokenKind.LParen)
        {
            Link(start, ref links);
            node = Current.Kind == TokenKind.LParen
                ? new CallExpression(node, ParseArguments(), From(start))
                : ParseSubscript(node, start);
        }

        _depth -= links;
        return node;
    }

    private Expression ParseFilterExpression(Expression node, int start)
    {
        var links = 0;
        while (true)
        {
            var token = Current;
            if (token.Kind == TokenKind.Pipe) node = ParseFilters(node, start)!;
            else if (IsName(token, "is")) node = ParseTest(node, start);
            else if (token.Kind == TokenKind.LParen) node = new CallExpression(node, ParseArguments(), From(start));
            else break;
            Link(start, ref links);
        }

        _depth -= links;
        return node;
    }

    private Expression ParseSubscript(Expression node, int start)
    {
        var token = Advance();
        if (token.Kind == TokenKind.Dot)
        {
            var attribute = Current;
            if (attribute.Kind == TokenKind.Name)
            {
                Advance();
                return new AttributeExpression(node, attribute.Value!, From(start));
            }

            if (attribute.Kind != TokenKind.Integer) throw Error(attribute.Span, ErrorMessages.ExpectedNameOrNumber, Describe(attribute));
            Advance();
            return new ItemExpression(node, new IntegerLiteral(ParseInteger(attribute), attribute.Span), From(start));
        }

        var parts = ImmutableArray.CreateBuilder<Expression>();
        while (Current.Kind != TokenKind.RBracket)
        {
            if (parts.Count > 0) Expect(TokenKind.Comma);
            parts.Add(ParseSubscribed());
        }

        var close = Expect(TokenKind.RBracket);
        var index = parts.Count == 1
            ? parts[0]
            : new TupleExpression(parts.ToImmutable(), SourceSpan.FromBounds(token.End, close.Start));
        return new ItemExpression(node, index, From(start));
    }

    // Jinja's parse_subscribed: an expression, or a slice with any part omitted.
    private Expression ParseSubscribed()
    {
        var start = Current.Start;
        Expression? first = null;
        if (!SkipIf(TokenKind.Colon))
        {
            first = ParseConditional();
            if (!SkipIf(TokenKind.Colon)) return first;
        }

        Expression? stop = null;
        Expression? step = null;
        if (Current.Kind is not (TokenKind.Colon or TokenKind.RBracket or TokenKind.Comma)) stop = ParseConditional();
        if (SkipIf(TokenKind.Colon) && Current.Kind is not (TokenKind.RBracket or TokenKind.Comma)) step = ParseConditional();
        return new SliceExpression(first, stop, step, From(start));
    }

    // Jinja's parse_call_args, including its ordering rules and the trailing comma.
    private ArgumentList ParseArguments()
    {
        Expect(TokenKind.LParen);
        var positional = ImmutableArray.CreateBuilder<Expression>();
        var keywords = ImmutableArray.CreateBuilder<KeywordArgument>();
        Expression? star = null;
        Expression? doubleStar = null;
        var requireComma = false;
        while (Current.Kind != TokenKind.RParen)
        {
            if (requireComma)
            {
                Expect(TokenKind.Comma);
                if (Current.Kind == TokenKind.RParen) break;
            }

            var token = Current;
            if (token.Kind == TokenKind.Mul)
            {
                Ensure(star is null && doubleStar is null, token);
                Advance();
                star = ParseConditional();
            }
            else if (token.Kind == TokenKind.Pow)
            {
                Ensure(doubleStar is null, token);
                Advance();
                doubleStar = ParseConditional();
            }
            else if (token.Kind == TokenKind.Name && Peek(1).Kind == TokenKind.Assign)
            {
                Ensure(doubleStar is null, token);
                Advance();
                Advance();
                var value = ParseConditional();
                keywords.Add(new KeywordArgument(token.Value!, value, From(token.Start)));
            }
            else
            {
                Ensure(star is null && doubleStar is null && keywords.Count == 0, token);
                positional.Add(ParseConditional());
            }

            requireComma = true;
        }

        Expect(TokenKind.RParen);
        return positional.Count == 0 && keywords.Count == 0 && star is null && doubleStar is null
            ? ArgumentList.Empty
            : new ArgumentList(positional.ToImmutable(), keywords.ToImmutable(), star, doubleStar);
    }

    private void AddFunction(string name, bool isTest, SourceSpan span) =>
        (_functions ??= ImmutableArray.CreateBuilder<FunctionReference>()).Add(new FunctionReference(name, isTest, span));

    private void Ensure(bool valid, Token token)
    {
        if (!valid) throw Error(token.Span, ErrorMessages.InvalidCallArguments);
    }

    // Jinja's parse_filter: `| name(.name)*` with optional arguments, repeated. A null operand is
    // the body of `{% set x | filter %}`.
    private Expression? ParseFilters(Expression? node, int start)
    {
        var links = 0;
        while (SkipIf(TokenKind.Pipe))
        {
            Link(start, ref links);
            var (name, nameSpan) = ParseDottedName("a filter name");
            var arguments = Current.Kind == TokenKind.LParen ? ParseArguments() : ArgumentList.Empty;
            AddFunction(name, isTest: false, nameSpan);
            node = new FilterExpression(node, name, nameSpan, arguments, From(start));
        }

        _depth -= links;
        return node;
    }

    private (string Name, SourceSpan Span) ParseDottedName(string what)
    {
        var first = ExpectName(what);
        if (Current.Kind != TokenKind.Dot) return (first.Value!, first.Span);
        var name = new StringBuilder(first.Value);
        while (SkipIf(TokenKind.Dot)) name.Append('.').Append(ExpectName(what).Value);
        return (name.ToString(), From(first.Start));
    }

    // Jinja's parse_test: `is [not] name`, then arguments in parentheses, or one bare argument
    // (a primary with postfix operators, no filters) unless the next word is else/or/and.
    private Expression ParseTest(Expression node, int start)
    {
        Advance();
        var negated = SkipIfName("not");
        var (name, nameSpan) = ParseDottedName("a test name");
        var arguments = ArgumentList.Empty;
        var token = Current;
        if (token.Kind == TokenKind.LParen)
        {
            arguments = ParseArguments();
        }
        else if (token.Kind is TokenKind.Name or TokenKind.String or TokenKind.Integer or TokenKind.Float
                     or TokenKind.LBracket or TokenKind.LBrace
                 && !(token.Kind == TokenKind.Name && token.Value is "else" or "or" or "and"))
        {
            if (IsName(token, "is")) throw Error(token.Span, ErrorMessages.ChainedTest);
            var argument = ParsePostfix(ParsePrimary(), token.Start);
            arguments = new ArgumentList([argument], [], null, null);
        }

        AddFunction(name, isTest: true, nameSpan);
        var test = new TestExpression(node, name, nameSpan, arguments, From(start));
        return negated ? new UnaryExpression(UnaryOperator.Not, test, test.Span) : test;
    }
}
