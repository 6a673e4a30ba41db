using Azure.Bicep.Types.Concrete;

namespace Shop.Infra.Tests.Bicep;

/// <summary>
/// Checks parsed Bicep against Azure's type library, as far as a static reader can:
/// <list type="bullet">
/// <item>every <c>resource</c> names a type and API version that exist in <see cref="AzTypeLibrary"/>, and may be
/// deployed at the file's target scope;</item>
/// <item>every object literal in a resource body is walked against the type's schema (objects, discriminated
/// objects, arrays, unions of string literals): unknown or read-only properties, missing required ones and
/// obviously wrong value kinds are reported with file and line;</item>
/// <item>reads such as <c>storage.properties.primaryEndpoints.blob</c> follow the schema too;</item>
/// <item>modules exist, get only parameters they declare and every required one, and <c>x.outputs.y</c> names
/// an output of the module;</item>
/// <item>every symbol an expression uses is declared.</item>
/// </list>
/// Expressions whose value is only known at deployment (calls, references) are not evaluated. The real
/// <c>bicep build</c> / <c>az deployment ... what-if</c> remains the authoritative check.
/// </summary>
internal sealed class BicepChecker(AzTypeLibrary types)
{
    /// <summary>Keys Bicep itself handles on a resource body, not part of the resource's schema.</summary>
    private static readonly HashSet<string> ResourceSyntaxKeys = new(StringComparer.Ordinal) { "parent", "scope", "dependsOn" };

    private static readonly HashSet<string> ExistingResourceKeys = new(StringComparer.Ordinal) { "name", "parent", "scope" };

    private static readonly HashSet<string> ModuleKeys = new(StringComparer.Ordinal) { "name", "scope", "params", "dependsOn" };

    /// <summary>Namespaces whose functions are called as <c>az.x()</c> / <c>sys.x()</c>.</summary>
    private static readonly HashSet<string> Namespaces = new(StringComparer.Ordinal) { "az", "sys" };

    public static BicepChecker Default { get; } = new(AzTypeLibrary.Shared);

    /// <summary>Checks a file on disk (modules resolved relative to it).</summary>
    public IReadOnlyList<BicepDiagnostic> CheckFile(string path) => Check(BicepParser.Load(path), LoadModule);

    /// <summary>Checks Bicep text; <paramref name="modules"/> resolves a module path to its parsed file (null: missing).</summary>
    public IReadOnlyList<BicepDiagnostic> Check(BicepFile file, Func<string, BicepFile?>? modules = null)
    {
        var run = new Run(file, types, modules ?? (_ => null));
        run.CheckAll();
        return run.Diagnostics;
    }

    private static BicepFile? LoadModule(string path) => File.Exists(path) ? BicepParser.Load(path) : null;

    private static ScopeType ScopeOf(string targetScope) => targetScope switch
    {
        "tenant" => ScopeType.Tenant,
        "managementGroup" => ScopeType.ManagementGroup,
        "subscription" => ScopeType.Subscription,
        _ => ScopeType.ResourceGroup,
    };

    private static string Describe(TypeBase type) => type switch
    {
        ObjectType o => $"object {o.Name}",
        DiscriminatedObjectType d => $"object {d.Name}",
        ArrayType => "array",
        StringType or StringLiteralType => "string",
        IntegerType => "int",
        BooleanType => "bool",
        UnionType u => string.Join(" | ", u.Elements.Select(e => e.Type is StringLiteralType s ? $"'{s.Value}'" : Describe(e.Type))),
        _ => type.GetType().Name,
    };

    private static string? Closest(string key, IEnumerable<string> candidates) =>
        candidates
            .Select(c => (Candidate: c, Distance: Distance(key.ToUpperInvariant(), c.ToUpperInvariant())))
            .Where(c => c.Distance <= Math.Max(2, key.Length / 3))
            .OrderBy(c => c.Distance)
            .Select(c => c.Candidate)
            .FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private sealed class Run(BicepFile file, AzTypeLibrary types, Func<string, BicepFile?> modules)
    {
        private readonly Dictionary<string, ResourceType> _resourceTypes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, BicepFile> _moduleFiles = new(StringComparer.Ordinal);

        public List<BicepDiagnostic> Diagnostics { get; } = [];

        public void CheckAll()
        {
            foreach (var resource in file.Resources)
            {
                CheckResource(resource);
            }

            foreach (var module in file.Modules)
            {
                CheckModule(module);
            }

            CheckSymbols();
            CheckReads();
        }

        private void Report(int line, string message) => Diagnostics.Add(new BicepDiagnostic(file.Path, line, message));

        private void CheckResource(ResourceStatement resource)
        {
            if (resource.ApiVersion.Length == 0)
            {
                Report(resource.Line, $"resource '{resource.Symbol}': '{resource.TypeReference}' has no '@api-version'");
                return;
            }

            if (!types.HasType(resource.Type))
            {
                Report(resource.Line, $"resource '{resource.Symbol}': unknown resource type '{resource.Type}' (not in Azure.Bicep.Types.Az)");
                return;
            }

            var resourceType = types.Find(resource.Type, resource.ApiVersion);
            if (resourceType is null)
            {
                var versions = types.Versions(resource.Type);
                Report(resource.Line, $"resource '{resource.Symbol}': API version '{resource.ApiVersion}' of '{resource.Type}' does not exist in Azure.Bicep.Types.Az; the latest are {string.Join(", ", versions.TakeLast(5))}");
                return;
            }

            _resourceTypes[resource.Symbol] = resourceType;
            var body = resource.Object;
            if (body is null)
            {
                Report(resource.Line, $"resource '{resource.Symbol}': the body must be an object literal");
                return;
            }

            if (resource.Existing)
            {
                foreach (var property in body.Properties.Where(p => p.Key is null || !ExistingResourceKeys.Contains(p.Key)))
                {
                    Report(property.Line, $"resource '{resource.Symbol}' is 'existing': only name, parent and scope may be set, not '{property.Key}'");
                }

                return;
            }

            if (body.Get("scope") is null && resourceType.WritableScopes != ScopeType.None
                && (resourceType.WritableScopes & ScopeOf(file.TargetScope)) == 0)
            {
                Report(resource.Line, $"resource '{resource.Symbol}': '{resource.Type}' cannot be deployed at targetScope '{file.TargetScope}' (it can at {resourceType.WritableScopes})");
            }

            if (body.Get("dependsOn") is { } dependsOn and not ArrayExpr)
            {
                Report(dependsOn.Line, $"resource '{resource.Symbol}': dependsOn must be an array");
            }

            CheckValue(body, resourceType.Body.Type, resource.Type, resourceLevel: true);
        }

        private void CheckValue(BicepExpr expr, TypeBase type, string path, bool resourceLevel = false)
        {
            switch (expr)
            {
                case TernaryExpr t:
                    CheckValue(t.WhenTrue, type, path);
                    CheckValue(t.WhenFalse, type, path);
                    return;
                case IfExpr i:
                    CheckValue(i.Body, type, path, resourceLevel);
                    return;
                case ForExpr f when !resourceLevel:
                    if (type is ArrayType forArray)
                    {
                        CheckValue(f.Body, forArray.ItemType.Type, path + "[]");
                    }
                    else if (type is not AnyType)
                    {
                        Report(f.Line, $"{path}: a for-expression gives an array, but {Describe(type)} is expected");
                    }

                    return;
                case ForExpr f:
                    CheckValue(f.Body, type, path, resourceLevel);
                    return;
            }

            switch (type)
            {
                case ObjectType o:
                    if (expr is ObjectExpr obj)
                    {
                        CheckObject(obj, o.Name, o.Properties, o.AdditionalProperties?.Type, path, resourceLevel);
                    }
                    else
                    {
                        ReportKindMismatch(expr, type, path);
                    }

                    break;
                case DiscriminatedObjectType d:
                    if (expr is ObjectExpr discriminated)
                    {
                        CheckDiscriminated(discriminated, d, path, resourceLevel);
                    }
                    else
                    {
                        ReportKindMismatch(expr, type, path);
                    }

                    break;
                case ArrayType a:
                    if (expr is ArrayExpr array)
                    {
                        for (var i = 0; i < array.Items.Count; i++)
                        {
                            CheckValue(array.Items[i], a.ItemType.Type, $"{path}[{i}]");
                        }
                    }
                    else
                    {
                        ReportKindMismatch(expr, type, path);
                    }

                    break;
                case UnionType u:
                    CheckUnion(expr, u, path);
                    break;
                case StringLiteralType literal:
                    if (expr is StringExpr { Value: { } value } && !string.Equals(value, literal.Value, StringComparison.OrdinalIgnoreCase))
                    {
                        Report(expr.Line, $"{path}: '{value}' is not allowed; the value must be '{literal.Value}'");
                    }
                    else
                    {
                        ReportKindMismatch(expr, type, path);
                    }

                    break;
                case StringType or IntegerType or BooleanType:
                    ReportKindMismatch(expr, type, path);
                    break;
            }
        }

        /// <summary>Reports a literal whose kind cannot be the expected type (an object where a string goes…).</summary>
        private void ReportKindMismatch(BicepExpr expr, TypeBase type, string path)
        {
            var actual = expr switch
            {
                ObjectExpr => "object",
                ArrayExpr or ForExpr => "array",
                StringExpr => "string",
                LiteralExpr { IsNumber: true } => "int",
                LiteralExpr { IsBoolean: true } => "bool",
                _ => null,
            };
            var expected = type switch
            {
                ObjectType or DiscriminatedObjectType => "object",
                ArrayType => "array",
                StringType or StringLiteralType => "string",
                IntegerType => "int",
                BooleanType => "bool",
                _ => null,
            };
            if (actual is not null && expected is not null && actual != expected)
            {
                Report(expr.Line, $"{path}: expected {expected} ({Describe(type)}) but the value is {actual}");
            }
        }

        private void CheckObject(
            ObjectExpr obj,
            string typeName,
            IReadOnlyDictionary<string, ObjectTypeProperty> properties,
            TypeBase? additional,
            string path,
            bool resourceLevel)
        {
            foreach (var property in obj.Properties)
            {
                var key = property.Key;
                if (key is null)
                {
                    if (additional is not null)
                    {
                        CheckValue(property.Value, additional, $"{path}[*]");
                    }

                    continue;
                }

                if (resourceLevel && ResourceSyntaxKeys.Contains(key))
                {
                    continue;
                }

                var propertyPath = $"{path}.{key}";
                if (properties.TryGetValue(key, out var declared))
                {
                    if (declared.Flags.HasFlag(ObjectTypePropertyFlags.ReadOnly))
                    {
                        Report(property.Line, $"{propertyPath} is read-only on {typeName}: it cannot be set");
                    }
                    else
                    {
                        CheckValue(property.Value, declared.Type.Type, propertyPath);
                    }

                    continue;
                }

                var differentCase = properties.Keys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
                if (differentCase is not null)
                {
                    Report(property.Line, $"unknown property '{key}' at {propertyPath} on {typeName}: the property is spelt '{differentCase}'");
                }
                else if (additional is not null)
                {
                    CheckValue(property.Value, additional, propertyPath);
                }
                else
                {
                    var suggestion = Closest(key, properties.Where(p => !p.Value.Flags.HasFlag(ObjectTypePropertyFlags.ReadOnly)).Select(p => p.Key));
                    Report(property.Line, $"unknown property '{key}' at {propertyPath} on {typeName}" + (suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)"));
                }
            }

            if (obj.Properties.All(p => p.Key is not null))
            {
                foreach (var (name, declared) in properties)
                {
                    if (declared.Flags.HasFlag(ObjectTypePropertyFlags.Required) && obj.Get(name) is null)
                    {
                        Report(obj.Line, $"{path}: required property '{name}' of {typeName} is missing");
                    }
                }
            }
        }

        private void CheckDiscriminated(ObjectExpr obj, DiscriminatedObjectType type, string path, bool resourceLevel)
        {
            var discriminator = obj.Get(type.Discriminator);
            if (discriminator is StringExpr { Value: { } value })
            {
                if (!type.Elements.TryGetValue(value, out var element))
                {
                    Report(discriminator.Line, $"{path}.{type.Discriminator}: '{value}' is not one of {string.Join(", ", type.Elements.Keys.Select(k => $"'{k}'"))}");
                    return;
                }

                var elementType = (ObjectType)element.Type;
                var merged = new Dictionary<string, ObjectTypeProperty>(type.BaseProperties, StringComparer.Ordinal);
                foreach (var (name, property) in elementType.Properties)
                {
                    merged[name] = property;
                }

                CheckObject(obj, $"{type.Name} ({type.Discriminator} '{value}')", merged, elementType.AdditionalProperties?.Type, path, resourceLevel);
                return;
            }

            // The variant is decided at deployment: accept a key that any variant has.
            var known = new HashSet<string>(type.BaseProperties.Keys, StringComparer.Ordinal);
            known.UnionWith(type.Elements.Values.SelectMany(e => ((ObjectType)e.Type).Properties.Keys));
            foreach (var property in obj.Properties.Where(p => p.Key is not null && !known.Contains(p.Key) && !(resourceLevel && ResourceSyntaxKeys.Contains(p.Key))))
            {
                Report(property.Line, $"unknown property '{property.Key}' at {path}.{property.Key} on {type.Name}");
            }
        }

        private void CheckUnion(BicepExpr expr, UnionType union, string path)
        {
            var members = union.Elements.Select(e => e.Type).ToList();
            if (expr is StringExpr { Value: { } value })
            {
                var literals = members.OfType<StringLiteralType>().Select(s => s.Value).ToList();
                var open = members.Any(m => m is StringType or AnyType);
                if (literals.Count > 0 && !open && !literals.Contains(value, StringComparer.OrdinalIgnoreCase))
                {
                    Report(expr.Line, $"{path}: '{value}' is not allowed; expected one of {string.Join(", ", literals.Select(l => $"'{l}'"))}");
                }

                return;
            }

            if (expr is ObjectExpr)
            {
                var candidates = members.Where(m => m is ObjectType or DiscriminatedObjectType).ToList();
                if (candidates.Count == 0 || members.Any(m => m is AnyType))
                {
                    return;
                }

                List<BicepDiagnostic>? best = null;
                foreach (var candidate in candidates)
                {
                    var attempt = new Run(file, types, modules);
                    attempt.CheckValue(expr, candidate, path);
                    if (attempt.Diagnostics.Count == 0)
                    {
                        return;
                    }

                    if (best is null || attempt.Diagnostics.Count < best.Count)
                    {
                        best = attempt.Diagnostics;
                    }
                }

                Diagnostics.AddRange(best!);
            }
        }

        private void CheckModule(ModuleStatement module)
        {
            if (module.Path.StartsWith("br:", StringComparison.Ordinal) || module.Path.StartsWith("br/", StringComparison.Ordinal) || module.Path.StartsWith("ts:", StringComparison.Ordinal))
            {
                Report(module.Line, $"module '{module.Symbol}': registry modules ('{module.Path}') are outside what the checker can read");
                return;
            }

            var directory = System.IO.Path.GetDirectoryName(file.Path) ?? string.Empty;
            var target = modules(System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, module.Path)));
            if (target is null)
            {
                Report(module.Line, $"module '{module.Symbol}': '{module.Path}' does not exist");
                return;
            }

            _moduleFiles[module.Symbol] = target;
            var body = module.Object;
            if (body is null)
            {
                Report(module.Line, $"module '{module.Symbol}': the body must be an object literal");
                return;
            }

            foreach (var property in body.Properties.Where(p => p.Key is null || !ModuleKeys.Contains(p.Key)))
            {
                Report(property.Line, $"module '{module.Symbol}': unknown property '{property.Key}' (a module takes name, scope, params, dependsOn)");
            }

            if (body.Get("name") is null)
            {
                Report(module.Line, $"module '{module.Symbol}': set name (the deployment name)");
            }

            if (target.TargetScope != "resourceGroup" || file.TargetScope == "resourceGroup" || body.Get("scope") is not null)
            {
                // The module deploys where it is declared to, or where scope: points.
            }
            else
            {
                Report(module.Line, $"module '{module.Symbol}': '{module.Path}' deploys to a resource group; give it scope: <resource group>");
            }

            var declared = target.Params.ToDictionary(p => p.Name, StringComparer.Ordinal);
            var given = body.Get("params") as ObjectExpr;
            if (given is not null)
            {
                foreach (var property in given.Properties)
                {
                    if (property.Key is null || !declared.ContainsKey(property.Key))
                    {
                        var suggestion = property.Key is null ? null : Closest(property.Key, declared.Keys);
                        Report(property.Line, $"module '{module.Symbol}': '{module.Path}' has no parameter '{property.Key}'" + (suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)"));
                    }
                }
            }

            if (given is not null || body.Get("params") is null)
            {
                foreach (var required in declared.Values.Where(p => p.IsRequired && given?.Get(p.Name) is null))
                {
                    Report(module.Line, $"module '{module.Symbol}': required parameter '{required.Name}' of '{module.Path}' is not given");
                }
            }
        }

        /// <summary>Every identifier an expression uses must be a declared symbol or a loop/lambda variable.</summary>
        private void CheckSymbols()
        {
            var declared = new HashSet<string>(StringComparer.Ordinal);
            declared.UnionWith(file.Params.Select(p => p.Name));
            declared.UnionWith(file.Vars.Select(v => v.Name));
            declared.UnionWith(file.Resources.Select(r => r.Symbol));
            declared.UnionWith(file.Modules.Select(m => m.Symbol));
            var expressions = file.AllExpressions().ToList();
            foreach (var e in expressions)
            {
                switch (e)
                {
                    case ForExpr f:
                        declared.Add(f.ItemVariable);
                        if (f.IndexVariable is not null)
                        {
                            declared.Add(f.IndexVariable);
                        }

                        break;
                    case LambdaExpr l:
                        declared.UnionWith(l.Parameters);
                        break;
                }
            }

            var namespaceTargets = expressions.OfType<CallExpr>().Select(c => c.Target).OfType<IdentifierExpr>().Where(t => Namespaces.Contains(t.Name)).ToHashSet();
            foreach (var identifier in expressions.OfType<IdentifierExpr>())
            {
                if (!declared.Contains(identifier.Name) && !namespaceTargets.Contains(identifier))
                {
                    var suggestion = Closest(identifier.Name, declared);
                    Report(identifier.Line, $"'{identifier.Name}' is not declared" + (suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)"));
                }
            }
        }

        /// <summary>
        /// <c>resource.properties.x.y</c> reads follow the resource's schema; <c>module.outputs.x</c> names an output
        /// of the module.
        /// </summary>
        private void CheckReads()
        {
            foreach (var member in file.AllExpressions().OfType<MemberExpr>())
            {
                // Only the outermost member of a chain: a.b.c is checked once, from a.
                var chain = new List<MemberExpr>();
                BicepExpr current = member;
                while (current is MemberExpr m)
                {
                    chain.Insert(0, m);
                    current = m.Target;
                }

                if (current is not IdentifierExpr root || chain[^1] != member || IsInnerLink(member))
                {
                    continue;
                }

                if (_moduleFiles.TryGetValue(root.Name, out var moduleFile))
                {
                    if (chain[0].Name == "outputs" && chain.Count > 1 && !moduleFile.Outputs.Any(o => o.Name == chain[1].Name))
                    {
                        Report(chain[1].Line, $"module '{root.Name}' has no output '{chain[1].Name}' (outputs: {string.Join(", ", moduleFile.Outputs.Select(o => o.Name))})");
                    }

                    continue;
                }

                if (_resourceTypes.TryGetValue(root.Name, out var resourceType))
                {
                    WalkRead(root.Name, resourceType.Body.Type, chain);
                }
            }
        }

        private bool IsInnerLink(MemberExpr member) =>
            file.AllExpressions().OfType<MemberExpr>().Any(m => ReferenceEquals(m.Target, member));

        private void WalkRead(string symbol, TypeBase type, List<MemberExpr> chain)
        {
            var path = symbol;
            foreach (var link in chain)
            {
                IReadOnlyDictionary<string, ObjectTypeProperty>? properties = type switch
                {
                    ObjectType o when o.AdditionalProperties is null => o.Properties,
                    DiscriminatedObjectType d => d.BaseProperties
                        .Concat(d.Elements.Values.SelectMany(e => ((ObjectType)e.Type).Properties))
                        .GroupBy(p => p.Key, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal),
                    _ => null,
                };
                if (properties is null)
                {
                    return;
                }

                if (!properties.TryGetValue(link.Name, out var property))
                {
                    var suggestion = Closest(link.Name, properties.Keys);
                    Report(link.Line, $"'{path}' has no property '{link.Name}'" + (suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)"));
                    return;
                }

                path += "." + link.Name;
                type = property.Type.Type;
            }
        }
    }
}
