using System.Globalization;
using System.Text;

namespace Shop.Infra.Tests.Arm;

/// <summary>
/// A template-language expression as the Bicep compiler writes it into ARM JSON (<c>"[format('{0}', parameters('x'))]"</c>):
/// function calls, string and integer literals, <c>.property</c> and <c>[index]</c>. <see cref="ToString"/> writes
/// the expression back in the compiler's own layout, so two expressions compare by their text.
/// </summary>
internal abstract record ArmExpression
{
    /// <summary>Reads a JSON string value: <c>[...]</c> is an expression, anything else (and <c>[[...</c>) a plain string.</summary>
    public static ArmExpression FromJson(string value)
    {
        if (value.StartsWith("[[", StringComparison.Ordinal))
        {
            return new Str(value[1..]);
        }

        if (value.Length < 2 || value[0] != '[' || value[^1] != ']')
        {
            return new Str(value);
        }

        var reader = new Reader(value[1..^1]);
        var expression = reader.Expression();
        reader.End();
        return expression;
    }

    /// <summary>
    /// For <c>reference(X, ...).a.b</c> (a property of a deployed resource), <c>X</c> and the path <c>a.b</c>,
    /// written <c>X.a.b</c>; null for anything else.
    /// </summary>
    public string? ReferencedProperty()
    {
        var path = new List<string>();
        var expression = this;
        while (expression is Member member)
        {
            path.Insert(0, member.Name);
            expression = member.Target;
        }

        return expression is Call { Name: "reference" } call && call.Arguments.Count > 0 && path.Count > 0
            ? call.Arguments[0] + "." + string.Join('.', path)
            : null;
    }

    /// <summary>
    /// For <c>reference(&lt;id of deployment 'm'&gt;, ...).outputs.o.value</c> (a module's output), <c>("m", "o")</c>;
    /// null for anything else.
    /// </summary>
    public (string Module, string Output)? ModuleOutput() =>
        this is Member { Name: "value", Target: Member { Target: Member { Name: "outputs", Target: Call { Name: "reference" } reference }, Name: var output } }
        && reference.Arguments.Count > 0
        && reference.Arguments[0] is Call { Arguments: [.., Str { Value: ArmTemplate.DeploymentType }, Str { Value: var module }] }
            ? (module, output)
            : null;

    /// <summary>A call: <c>name(arg, arg)</c>.</summary>
    public sealed record Call(string Name, IReadOnlyList<ArmExpression> Arguments) : ArmExpression
    {
        public ArmExpression this[int index] => Arguments[index];

        public override string ToString() => $"{Name}({string.Join(", ", Arguments)})";
    }

    /// <summary>A string literal.</summary>
    public sealed record Str(string Value) : ArmExpression
    {
        public override string ToString() => "'" + Value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>An integer literal.</summary>
    public sealed record Int(long Value) : ArmExpression
    {
        public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A property read: <c>target.name</c>.</summary>
    public sealed record Member(ArmExpression Target, string Name) : ArmExpression
    {
        public override string ToString() => $"{Target}.{Name}";
    }

    /// <summary>An index: <c>target[key]</c>.</summary>
    public sealed record Indexer(ArmExpression Target, ArmExpression Key) : ArmExpression
    {
        public override string ToString() => $"{Target}[{Key}]";
    }

    private sealed class Reader(string text)
    {
        private int _position;

        public ArmExpression Expression()
        {
            SkipSpace();
            var expression = Primary();
            while (true)
            {
                SkipSpace();
                if (Peek('.'))
                {
                    _position++;
                    expression = new Member(expression, Name());
                }
                else if (Peek('['))
                {
                    _position++;
                    var key = Expression();
                    Expect(']');
                    expression = new Indexer(expression, key);
                }
                else
                {
                    return expression;
                }
            }
        }

        public void End()
        {
            SkipSpace();
            if (_position != text.Length)
            {
                throw Error("end of expression");
            }
        }

        private ArmExpression Primary()
        {
            if (Peek('\''))
            {
                return new Str(StringLiteral());
            }

            if (_position < text.Length && (char.IsAsciiDigit(text[_position]) || text[_position] == '-'))
            {
                var start = _position++;
                while (_position < text.Length && char.IsAsciiDigit(text[_position]))
                {
                    _position++;
                }

                return new Int(long.Parse(text[start.._position], CultureInfo.InvariantCulture));
            }

            // A function name may carry a namespace (user-defined functions: ns.name).
            var name = Name();
            while (Peek('.'))
            {
                _position++;
                name += "." + Name();
            }

            Expect('(');
            var arguments = new List<ArmExpression>();
            SkipSpace();
            if (!Peek(')'))
            {
                do
                {
                    arguments.Add(Expression());
                    SkipSpace();
                }
                while (TryTake(','));
            }

            Expect(')');
            return new Call(name, arguments);
        }

        private string StringLiteral()
        {
            Expect('\'');
            var value = new StringBuilder();
            while (true)
            {
                if (_position >= text.Length)
                {
                    throw Error("closing quote");
                }

                var c = text[_position++];
                if (c != '\'')
                {
                    value.Append(c);
                }
                else if (Peek('\''))
                {
                    value.Append('\'');
                    _position++;
                }
                else
                {
                    return value.ToString();
                }
            }
        }

        private string Name()
        {
            var start = _position;
            while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] == '_'))
            {
                _position++;
            }

            return _position > start ? text[start.._position] : throw Error("a name");
        }

        private bool Peek(char c) => _position < text.Length && text[_position] == c;

        private bool TryTake(char c)
        {
            SkipSpace();
            if (!Peek(c))
            {
                return false;
            }

            _position++;
            return true;
        }

        private void Expect(char c)
        {
            if (!TryTake(c))
            {
                throw Error($"'{c}'");
            }
        }

        private void SkipSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }

        private FormatException Error(string expected) =>
            new($"ARM expression '{text}': expected {expected} at offset {_position}");
    }
}
