using System.Text;

namespace Shop.Infra.Tests.Bicep;

internal enum BicepTokenKind
{
    Identifier,
    String,
    Number,
    Symbol,
    NewLine,
    End,
}

/// <summary>A token. For strings, <see cref="Value"/> is the unescaped text (null when interpolated).</summary>
internal sealed record BicepToken(BicepTokenKind Kind, string Text, int Line, string? Value = null)
{
    public bool Is(string symbol) => Kind == BicepTokenKind.Symbol && Text == symbol;

    public bool IsKeyword(string word) => Kind == BicepTokenKind.Identifier && Text == word;

    public override string ToString() => Kind switch
    {
        BicepTokenKind.NewLine => "end of line",
        BicepTokenKind.End => "end of file",
        _ => $"'{Text}'",
    };
}

/// <summary>
/// Splits Bicep text into tokens: identifiers, strings (single-quoted with escapes and <c>${...}</c>
/// interpolation, or <c>'''multi-line'''</c>), integers, symbols and new lines. Comments are skipped.
/// </summary>
internal sealed class BicepLexer
{
    private static readonly string[] Symbols =
    [
        "::", "=>", "==", "!=", "=~", "!~", "<=", ">=", "&&", "||", "??", ".?", "[?",
        "{", "}", "[", "]", "(", ")", ":", ",", ".", "?", "!", "=", "<", ">", "+", "-", "*", "/", "%", "@", "|",
    ];

    private readonly string _text;
    private readonly string _path;
    private readonly List<BicepToken> _tokens = [];
    private int _pos;
    private int _line = 1;

    private BicepLexer(string text, string path)
    {
        _text = text;
        _path = path;
    }

    public static IReadOnlyList<BicepToken> Tokenize(string text, string path)
    {
        var lexer = new BicepLexer(text, path);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\n')
            {
                AddNewLine();
                _pos++;
                _line++;
            }
            else if (char.IsWhiteSpace(c))
            {
                _pos++;
            }
            else if (c == '/' && Peek(1) == '/')
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                var end = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw Error("unterminated /* comment");
                }

                var newLines = _text.AsSpan(_pos, end - _pos).Count('\n');
                if (newLines > 0)
                {
                    AddNewLine();
                    _line += newLines;
                }

                _pos = end + 2;
            }
            else if (c == '\'')
            {
                ReadString();
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = _pos;
                while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
                {
                    _pos++;
                }

                _tokens.Add(new BicepToken(BicepTokenKind.Identifier, _text[start.._pos], _line));
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = _pos;
                while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                {
                    _pos++;
                }

                _tokens.Add(new BicepToken(BicepTokenKind.Number, _text[start.._pos], _line));
            }
            else
            {
                var symbol = Symbols.FirstOrDefault(s => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0)
                    ?? throw Error($"unexpected character '{c}'");
                _tokens.Add(new BicepToken(BicepTokenKind.Symbol, symbol, _line));
                _pos += symbol.Length;
            }
        }

        AddNewLine();
        _tokens.Add(new BicepToken(BicepTokenKind.End, string.Empty, _line));
    }

    private void AddNewLine()
    {
        if (_tokens.Count > 0 && _tokens[^1].Kind != BicepTokenKind.NewLine)
        {
            _tokens.Add(new BicepToken(BicepTokenKind.NewLine, "\n", _line));
        }
    }

    private char Peek(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private void ReadString()
    {
        var line = _line;
        var start = _pos;
        if (Peek(1) == '\'' && Peek(2) == '\'')
        {
            var end = _text.IndexOf("'''", _pos + 3, StringComparison.Ordinal);
            if (end < 0)
            {
                throw Error("unterminated ''' string");
            }

            var value = _text[(_pos + 3)..end];
            _line += value.Count(ch => ch == '\n');
            _pos = end + 3;
            _tokens.Add(new BicepToken(BicepTokenKind.String, _text[start.._pos], line, value.StartsWith('\n') ? value[1..] : value));
            return;
        }

        var interpolated = SkipQuoted(out var literal);
        _tokens.Add(new BicepToken(BicepTokenKind.String, _text[start.._pos], line, interpolated ? null : literal));
    }

    /// <summary>Consumes a single-quoted string from the opening quote; true when it holds an interpolation.</summary>
    private bool SkipQuoted(out string literal)
    {
        var value = new StringBuilder();
        var interpolated = false;
        _pos++;
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n')
            {
                throw Error("unterminated string");
            }

            var c = _text[_pos];
            if (c == '\'')
            {
                _pos++;
                literal = value.ToString();
                return interpolated;
            }

            if (c == '\\')
            {
                var next = Peek(1);
                value.Append(next switch
                {
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    '\\' or '\'' or '$' => next,
                    _ => throw Error($"unknown escape '\\{next}'"),
                });
                _pos += 2;
            }
            else if (c == '$' && Peek(1) == '{')
            {
                interpolated = true;
                _pos += 2;
                SkipInterpolation();
            }
            else
            {
                value.Append(c);
                _pos++;
            }
        }
    }

    /// <summary>Skips an interpolation's expression up to its closing brace (nested braces and strings allowed).</summary>
    private void SkipInterpolation()
    {
        var depth = 1;
        while (depth > 0)
        {
            if (_pos >= _text.Length)
            {
                throw Error("unterminated ${...} in a string");
            }

            switch (_text[_pos])
            {
                case '{':
                    depth++;
                    _pos++;
                    break;
                case '}':
                    depth--;
                    _pos++;
                    break;
                case '\'':
                    SkipQuoted(out _);
                    break;
                case '\n':
                    throw Error("new line inside ${...}");
                default:
                    _pos++;
                    break;
            }
        }
    }

    private BicepSyntaxException Error(string message) => new(_path, _line, message);
}
