namespace Shop.Infra.Tests.Bicep;

/// <summary>
/// Reads the Bicep subset infra/ uses into a <see cref="BicepFile"/>: <c>targetScope</c>, <c>metadata</c>,
/// decorated <c>param</c>, <c>var</c>, <c>resource</c> (with <c>existing</c>, <c>if</c> and <c>for</c>),
/// <c>module</c> and <c>output</c> declarations, and expressions (objects, arrays, for-expressions, strings with
/// interpolation, calls, member and index access, operators, ternaries, lambdas). Anything else — user types,
/// functions, imports, nested child resources, spreads — is refused with file and line, so nothing the checker
/// cannot see passes silently.
/// </summary>
internal sealed class BicepParser
{
    private static readonly Dictionary<string, int> BinaryPrecedence = new(StringComparer.Ordinal)
    {
        ["??"] = 1,
        ["||"] = 2,
        ["&&"] = 3,
        ["=="] = 4,
        ["!="] = 4,
        ["=~"] = 4,
        ["!~"] = 4,
        ["<"] = 5,
        [">"] = 5,
        ["<="] = 5,
        [">="] = 5,
        ["+"] = 6,
        ["-"] = 6,
        ["*"] = 7,
        ["/"] = 7,
        ["%"] = 7,
    };

    private readonly IReadOnlyList<BicepToken> _tokens;
    private readonly string _path;

    // True on top: new lines are insignificant (inside parentheses); false: they separate items (objects, arrays, statements).
    private readonly Stack<bool> _skipNewLines = new();
    private int _pos;

    private BicepParser(IReadOnlyList<BicepToken> tokens, string path)
    {
        _tokens = tokens;
        _path = path;
        _skipNewLines.Push(false);
    }

    public static BicepFile Parse(string text, string path)
    {
        var parser = new BicepParser(BicepLexer.Tokenize(text, path), path);
        return new BicepFile(path, parser.ParseStatements());
    }

    public static BicepFile Load(string path) => Parse(File.ReadAllText(path), path);

    private BicepToken Current
    {
        get
        {
            if (_skipNewLines.Peek())
            {
                while (_tokens[_pos].Kind == BicepTokenKind.NewLine)
                {
                    _pos++;
                }
            }

            return _tokens[_pos];
        }
    }

    private BicepToken Next()
    {
        var token = Current;
        if (token.Kind != BicepTokenKind.End)
        {
            _pos++;
        }

        return token;
    }

    private void SkipNewLines()
    {
        while (_tokens[_pos].Kind == BicepTokenKind.NewLine)
        {
            _pos++;
        }
    }

    private BicepToken Expect(string symbol)
    {
        var token = Next();
        return token.Is(symbol) ? token : throw Error(token, $"expected '{symbol}' but found {token}");
    }

    private string ExpectIdentifier(string what)
    {
        var token = Next();
        return token.Kind == BicepTokenKind.Identifier ? token.Text : throw Error(token, $"expected {what} but found {token}");
    }

    private string ExpectLiteralString(string what)
    {
        var token = Next();
        if (token.Kind != BicepTokenKind.String)
        {
            throw Error(token, $"expected {what} (a string) but found {token}");
        }

        return token.Value ?? throw Error(token, $"{what} cannot be an interpolated string");
    }

    private BicepSyntaxException Error(BicepToken token, string message) => new(_path, token.Line, message);

    private List<BicepStatement> ParseStatements()
    {
        var statements = new List<BicepStatement>();
        while (true)
        {
            SkipNewLines();
            if (Current.Kind == BicepTokenKind.End)
            {
                return statements;
            }

            var decorators = new List<CallExpr>();
            while (Current.Is("@"))
            {
                var at = Next();
                decorators.Add(ParsePostfix() as CallExpr ?? throw Error(at, "a decorator must be a call, e.g. @description('...')"));
                SkipNewLines();
            }

            var keyword = Next();
            var line = keyword.Line;
            BicepStatement statement = keyword.Text switch
            {
                "targetScope" when keyword.Kind == BicepTokenKind.Identifier => ParseAfter("=", () => new TargetScopeStatement(ParseExpression(), line)),
                "metadata" => new MetadataStatement(ExpectIdentifier("a metadata name"), ParseAfter("=", ParseExpression), line),
                "param" => ParseParam(line),
                "var" => new VarStatement(ExpectIdentifier("a variable name"), ParseAfter("=", ParseExpression), line),
                "resource" => ParseResource(line),
                "module" => ParseModule(line),
                "output" => ParseOutput(line),
                _ => throw Error(keyword, $"unsupported declaration {keyword} (the reader handles targetScope, metadata, param, var, resource, module, output)"),
            };
            statements.Add(statement with { Decorators = decorators });

            var end = _tokens[_pos];
            if (end.Kind is not (BicepTokenKind.NewLine or BicepTokenKind.End))
            {
                throw Error(end, $"expected the end of the declaration but found {end}");
            }
        }
    }

    private T ParseAfter<T>(string symbol, Func<T> parse)
    {
        Expect(symbol);
        return parse();
    }

    private ParamStatement ParseParam(int line)
    {
        var name = ExpectIdentifier("a parameter name");
        var type = ReadTypeText();
        BicepExpr? defaultValue = null;
        if (Current.Is("="))
        {
            Next();
            defaultValue = ParseExpression();
        }

        return new ParamStatement(name, type, defaultValue, line);
    }

    private OutputStatement ParseOutput(int line)
    {
        var name = ExpectIdentifier("an output name");
        var type = ReadTypeText();
        return new OutputStatement(name, type, ParseAfter("=", ParseExpression), line);
    }

    /// <summary>A declared type (<c>string</c>, <c>int?</c>, <c>resource 'T@v'</c>, <c>'a' | 'b'</c>) as text, up to <c>=</c> or the end of line.</summary>
    private string ReadTypeText()
    {
        var parts = new List<string>();
        while (_tokens[_pos].Kind is not (BicepTokenKind.NewLine or BicepTokenKind.End) && !_tokens[_pos].Is("="))
        {
            parts.Add(_tokens[_pos++].Text);
        }

        return parts.Count > 0 ? string.Concat(parts.Select((p, i) => i > 0 && char.IsAsciiLetter(p[0]) ? " " + p : p)) : throw Error(_tokens[_pos], "expected a type");
    }

    private ResourceStatement ParseResource(int line)
    {
        var symbol = ExpectIdentifier("a resource symbol");
        var type = ExpectLiteralString("the resource type 'Namespace/type@api-version'");
        var existing = false;
        if (Current.IsKeyword("existing"))
        {
            Next();
            existing = true;
        }

        Expect("=");
        return new ResourceStatement(symbol, type, existing, ParseDeclarationBody(), line);
    }

    private ModuleStatement ParseModule(int line)
    {
        var symbol = ExpectIdentifier("a module symbol");
        var path = ExpectLiteralString("the module path");
        Expect("=");
        return new ModuleStatement(symbol, path, ParseDeclarationBody(), line);
    }

    /// <summary>A resource or module body: <c>{...}</c>, <c>if (c) {...}</c> or <c>[for ...: ...]</c>.</summary>
    private BicepExpr ParseDeclarationBody()
    {
        var token = Current;
        if (token.IsKeyword("if"))
        {
            return ParseIf();
        }

        if (token.Is("[") || token.Is("{"))
        {
            var body = ParsePrimary();
            return body is ObjectExpr or ForExpr ? body : throw Error(token, "a resource or module body must be an object, if (...) {...} or [for ...]");
        }

        throw Error(token, $"expected a resource or module body but found {token}");
    }

    private IfExpr ParseIf()
    {
        var keyword = Next();
        var condition = ParseParenthesized();
        var body = Current;
        return body.Is("{") ? new IfExpr(condition, ParsePrimary(), keyword.Line) : throw Error(body, "expected '{' after if (...)");
    }

    private BicepExpr ParseParenthesized()
    {
        Expect("(");
        _skipNewLines.Push(true);
        var inner = ParseExpression();
        _skipNewLines.Pop();
        Expect(")");
        return inner;
    }

    public BicepExpr ParseExpression()
    {
        var condition = ParseBinary(1);
        if (!Current.Is("?"))
        {
            return condition;
        }

        var question = Next();
        var whenTrue = ParseExpression();
        Expect(":");
        var whenFalse = ParseExpression();
        return new TernaryExpr(condition, whenTrue, whenFalse, question.Line);
    }

    private BicepExpr ParseBinary(int minimumPrecedence)
    {
        var left = ParseUnary();
        while (Current.Kind == BicepTokenKind.Symbol
            && BinaryPrecedence.TryGetValue(Current.Text, out var precedence)
            && precedence >= minimumPrecedence)
        {
            var op = Next();
            var right = ParseBinary(precedence + 1);
            left = new BinaryExpr(op.Text, left, right, op.Line);
        }

        return left;
    }

    private BicepExpr ParseUnary()
    {
        if (Current.Is("!") || Current.Is("-"))
        {
            var op = Next();
            return new UnaryExpr(op.Text, ParseUnary(), op.Line);
        }

        return ParsePostfix();
    }

    private BicepExpr ParsePostfix()
    {
        var expr = ParsePrimary();
        while (true)
        {
            var token = _tokens[_pos];
            if (token.Is(".") || token.Is(".?") || token.Is("::"))
            {
                Next();
                var name = ExpectIdentifier("a property name");
                expr = Current.Is("(") && token.Is(".")
                    ? new CallExpr(expr, name, ParseArguments(), token.Line)
                    : new MemberExpr(expr, name, token.Line);
            }
            else if (token.Is("[") || token.Is("[?"))
            {
                Next();
                _skipNewLines.Push(true);
                var index = ParseExpression();
                _skipNewLines.Pop();
                Expect("]");
                expr = new IndexExpr(expr, index, token.Line);
            }
            else
            {
                return expr;
            }
        }
    }

    private List<BicepExpr> ParseArguments()
    {
        Expect("(");
        _skipNewLines.Push(true);
        var arguments = new List<BicepExpr>();
        while (!Current.Is(")"))
        {
            arguments.Add(ParseExpression());
            if (!Current.Is(")"))
            {
                Expect(",");
            }
        }

        _skipNewLines.Pop();
        Expect(")");
        return arguments;
    }

    private BicepExpr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case BicepTokenKind.String:
                Next();
                return new StringExpr(token.Value, token.Text, token.Line);
            case BicepTokenKind.Number:
                Next();
                return new LiteralExpr(token.Text, token.Line);
            case BicepTokenKind.Identifier:
                Next();
                if (token.Text is "true" or "false" or "null")
                {
                    return new LiteralExpr(token.Text, token.Line);
                }

                if (Current.Is("=>"))
                {
                    Next();
                    return new LambdaExpr([token.Text], ParseExpression(), token.Line);
                }

                return Current.Is("(")
                    ? new CallExpr(null, token.Text, ParseArguments(), token.Line)
                    : new IdentifierExpr(token.Text, token.Line);
            case BicepTokenKind.Symbol when token.Text == "{":
                return ParseObject();
            case BicepTokenKind.Symbol when token.Text == "[":
                return ParseArray();
            case BicepTokenKind.Symbol when token.Text == "(":
                return TryParseLambda() ?? ParseParenthesized();
            default:
                throw Error(token, $"expected an expression but found {token}");
        }
    }

    private LambdaExpr? TryParseLambda()
    {
        // (a, b) => body
        var start = _pos;
        var line = Current.Line;
        Next();
        var names = new List<string>();
        while (Current.Kind == BicepTokenKind.Identifier)
        {
            names.Add(Next().Text);
            if (Current.Is(","))
            {
                Next();
            }
        }

        if (names.Count > 0 && Current.Is(")") && _tokens[_pos + 1].Is("=>"))
        {
            Next();
            Next();
            return new LambdaExpr(names, ParseExpression(), line);
        }

        _pos = start;
        return null;
    }

    private ObjectExpr ParseObject()
    {
        var open = Expect("{");
        _skipNewLines.Push(false);
        var properties = new List<ObjectProperty>();
        while (true)
        {
            SkipSeparators();
            var token = Current;
            if (token.Is("}"))
            {
                break;
            }

            if (token.Is("...") || token.Is("."))
            {
                throw Error(token, "object spread (...) is outside the supported subset");
            }

            if (token.Is("@"))
            {
                throw Error(token, "decorators inside objects are outside the supported subset");
            }

            string? key;
            if (token.Kind == BicepTokenKind.Identifier)
            {
                if (token.Text is "resource" && _tokens[_pos + 1].Kind == BicepTokenKind.Identifier)
                {
                    throw Error(token, "nested child resources are outside the supported subset: declare the child with parent: instead");
                }

                key = token.Text;
            }
            else if (token.Kind == BicepTokenKind.String)
            {
                key = token.Value;
            }
            else
            {
                throw Error(token, $"expected a property name but found {token}");
            }

            Next();
            Expect(":");
            properties.Add(new ObjectProperty(key, ParseExpression(), token.Line));
            var after = _tokens[_pos];
            if (after.Kind != BicepTokenKind.NewLine && !after.Is(",") && !after.Is("}"))
            {
                throw Error(after, $"expected a new line, ',' or '}}' after property '{key}' but found {after}");
            }
        }

        _skipNewLines.Pop();
        Expect("}");
        return new ObjectExpr(properties, open.Line);
    }

    private BicepExpr ParseArray()
    {
        var open = Expect("[");
        _skipNewLines.Push(false);
        SkipNewLines();
        if (Current.IsKeyword("for"))
        {
            var loop = ParseForRest(open.Line);
            _skipNewLines.Pop();
            Expect("]");
            return loop;
        }

        var items = new List<BicepExpr>();
        while (true)
        {
            SkipSeparators();
            if (Current.Is("]"))
            {
                break;
            }

            items.Add(ParseExpression());
            var after = _tokens[_pos];
            if (after.Kind != BicepTokenKind.NewLine && !after.Is(",") && !after.Is("]"))
            {
                throw Error(after, $"expected a new line, ',' or ']' after an array item but found {after}");
            }
        }

        _skipNewLines.Pop();
        Expect("]");
        return new ArrayExpr(items, open.Line);
    }

    private ForExpr ParseForRest(int line)
    {
        Next(); // for
        string item;
        string? index = null;
        if (Current.Is("("))
        {
            Next();
            item = ExpectIdentifier("the loop item variable");
            Expect(",");
            index = ExpectIdentifier("the loop index variable");
            Expect(")");
        }
        else
        {
            item = ExpectIdentifier("the loop item variable");
        }

        if (!Next().IsKeyword("in"))
        {
            throw Error(_tokens[_pos - 1], "expected 'in' in the for-expression");
        }

        var source = ParseExpression();
        Expect(":");
        SkipNewLines();
        var body = Current.IsKeyword("if") ? ParseIf() : ParseExpression();
        SkipNewLines();
        return new ForExpr(item, index, source, body, line);
    }

    private void SkipSeparators()
    {
        while (_tokens[_pos].Kind == BicepTokenKind.NewLine || _tokens[_pos].Is(","))
        {
            _pos++;
        }
    }
}
