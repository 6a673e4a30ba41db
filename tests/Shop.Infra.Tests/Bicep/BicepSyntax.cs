namespace Shop.Infra.Tests.Bicep;

// The syntax tree of the Bicep subset infra/ uses. Every node carries the 1-based line it starts on.

/// <summary>An expression.</summary>
internal abstract record BicepExpr(int Line);

/// <summary><c>{ key: value ... }</c>. A key is null when it is an interpolated string.</summary>
internal sealed record ObjectExpr(IReadOnlyList<ObjectProperty> Properties, int Line) : BicepExpr(Line)
{
    public BicepExpr? Get(string key) => Properties.FirstOrDefault(p => p.Key == key)?.Value;

    public IEnumerable<string> Keys => Properties.Where(p => p.Key is not null).Select(p => p.Key!);
}

internal sealed record ObjectProperty(string? Key, BicepExpr Value, int Line);

/// <summary><c>[ a, b ]</c> (items separated by commas or new lines).</summary>
internal sealed record ArrayExpr(IReadOnlyList<BicepExpr> Items, int Line) : BicepExpr(Line);

/// <summary><c>[for item in source: body]</c> or <c>[for (item, index) in source: body]</c>.</summary>
internal sealed record ForExpr(string ItemVariable, string? IndexVariable, BicepExpr Source, BicepExpr Body, int Line) : BicepExpr(Line);

/// <summary><c>if (condition) { ... }</c>: a conditional resource or module body.</summary>
internal sealed record IfExpr(BicepExpr Condition, BicepExpr Body, int Line) : BicepExpr(Line);

/// <summary>A string; <see cref="Value"/> is null when the string is interpolated.</summary>
internal sealed record StringExpr(string? Value, string Text, int Line) : BicepExpr(Line);

/// <summary>An integer, <c>true</c>, <c>false</c> or <c>null</c>.</summary>
internal sealed record LiteralExpr(string Text, int Line) : BicepExpr(Line)
{
    public bool IsNumber => Text.Length > 0 && char.IsAsciiDigit(Text[0]);

    public bool IsBoolean => Text is "true" or "false";
}

internal sealed record IdentifierExpr(string Name, int Line) : BicepExpr(Line);

/// <summary><c>name(args)</c>, or <c>target.name(args)</c> (<c>az.resourceGroup()</c>, <c>storage.listKeys()</c>).</summary>
internal sealed record CallExpr(BicepExpr? Target, string Name, IReadOnlyList<BicepExpr> Arguments, int Line) : BicepExpr(Line);

/// <summary><c>target.name</c>, <c>target.?name</c> (safe) or <c>target::name</c>.</summary>
internal sealed record MemberExpr(BicepExpr Target, string Name, int Line) : BicepExpr(Line);

/// <summary><c>target[index]</c> or <c>target[?index]</c>.</summary>
internal sealed record IndexExpr(BicepExpr Target, BicepExpr Index, int Line) : BicepExpr(Line);

internal sealed record UnaryExpr(string Operator, BicepExpr Operand, int Line) : BicepExpr(Line);

internal sealed record BinaryExpr(string Operator, BicepExpr Left, BicepExpr Right, int Line) : BicepExpr(Line);

internal sealed record TernaryExpr(BicepExpr Condition, BicepExpr WhenTrue, BicepExpr WhenFalse, int Line) : BicepExpr(Line);

/// <summary><c>x => body</c> or <c>(x, i) => body</c>.</summary>
internal sealed record LambdaExpr(IReadOnlyList<string> Parameters, BicepExpr Body, int Line) : BicepExpr(Line);

/// <summary>A top-level declaration.</summary>
internal abstract record BicepStatement(int Line)
{
    public IReadOnlyList<CallExpr> Decorators { get; init; } = [];

    public bool HasDecorator(string name) => Decorators.Any(d => d.Name == name);
}

internal sealed record TargetScopeStatement(BicepExpr Value, int Line) : BicepStatement(Line);

internal sealed record MetadataStatement(string Name, BicepExpr Value, int Line) : BicepStatement(Line);

/// <summary><c>param name type [= default]</c>.</summary>
internal sealed record ParamStatement(string Name, string Type, BicepExpr? Default, int Line) : BicepStatement(Line)
{
    /// <summary>True when a deployment must pass a value (no default, type not nullable).</summary>
    public bool IsRequired => Default is null && !Type.EndsWith('?');
}

internal sealed record VarStatement(string Name, BicepExpr Value, int Line) : BicepStatement(Line);

/// <summary><c>resource symbol 'Type@version' [existing] = body</c>.</summary>
internal sealed record ResourceStatement(string Symbol, string TypeReference, bool Existing, BicepExpr Body, int Line) : BicepStatement(Line)
{
    public string Type => TypeReference.Split('@')[0];

    public string ApiVersion => TypeReference.Contains('@', StringComparison.Ordinal) ? TypeReference.Split('@', 2)[1] : string.Empty;

    /// <summary>The object literal of the body, through <c>if</c> and <c>for</c>.</summary>
    public ObjectExpr? Object => BicepFile.BodyObject(Body);
}

/// <summary><c>module symbol 'path' = body</c>.</summary>
internal sealed record ModuleStatement(string Symbol, string Path, BicepExpr Body, int Line) : BicepStatement(Line)
{
    public ObjectExpr? Object => BicepFile.BodyObject(Body);
}

/// <summary><c>output name type = value</c>.</summary>
internal sealed record OutputStatement(string Name, string Type, BicepExpr Value, int Line) : BicepStatement(Line);

/// <summary>One parsed <c>.bicep</c> file.</summary>
internal sealed record BicepFile(string Path, IReadOnlyList<BicepStatement> Statements)
{
    /// <summary>The file's <c>targetScope</c> (<c>resourceGroup</c> when not declared).</summary>
    public string TargetScope => Statements.OfType<TargetScopeStatement>().Select(s => (s.Value as StringExpr)?.Value).FirstOrDefault() ?? "resourceGroup";

    public IEnumerable<ParamStatement> Params => Statements.OfType<ParamStatement>();

    public IEnumerable<VarStatement> Vars => Statements.OfType<VarStatement>();

    public IEnumerable<ResourceStatement> Resources => Statements.OfType<ResourceStatement>();

    public IEnumerable<ModuleStatement> Modules => Statements.OfType<ModuleStatement>();

    public IEnumerable<OutputStatement> Outputs => Statements.OfType<OutputStatement>();

    public VarStatement Var(string name) =>
        Vars.SingleOrDefault(v => v.Name == name) ?? throw new InvalidOperationException($"{Path} declares no var '{name}'.");

    public static ObjectExpr? BodyObject(BicepExpr body) => body switch
    {
        ObjectExpr o => o,
        IfExpr i => BodyObject(i.Body),
        ForExpr f => BodyObject(f.Body),
        _ => null,
    };

    /// <summary>Every expression in the file, depth first.</summary>
    public IEnumerable<BicepExpr> AllExpressions()
    {
        foreach (var statement in Statements)
        {
            var roots = statement switch
            {
                TargetScopeStatement t => [t.Value],
                MetadataStatement m => [m.Value],
                ParamStatement p => p.Default is null ? [] : new[] { p.Default },
                VarStatement v => [v.Value],
                ResourceStatement r => [r.Body],
                ModuleStatement m => [m.Body],
                OutputStatement o => [o.Value],
                _ => Array.Empty<BicepExpr>(),
            };
            foreach (var root in roots.Concat(statement.Decorators))
            {
                foreach (var e in Descendants(root))
                {
                    yield return e;
                }
            }
        }
    }

    public static IEnumerable<BicepExpr> Descendants(BicepExpr root)
    {
        var stack = new Stack<BicepExpr>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            yield return e;
            IEnumerable<BicepExpr> children = e switch
            {
                ObjectExpr o => o.Properties.Select(p => p.Value),
                ArrayExpr a => a.Items,
                ForExpr f => [f.Source, f.Body],
                IfExpr i => [i.Condition, i.Body],
                CallExpr c => c.Target is null ? c.Arguments : c.Arguments.Prepend(c.Target),
                MemberExpr m => [m.Target],
                IndexExpr x => [x.Target, x.Index],
                UnaryExpr u => [u.Operand],
                BinaryExpr b => [b.Left, b.Right],
                TernaryExpr t => [t.Condition, t.WhenTrue, t.WhenFalse],
                LambdaExpr l => [l.Body],
                _ => [],
            };
            foreach (var child in children.Reverse())
            {
                stack.Push(child);
            }
        }
    }
}
