using Azure.Bicep.Types;
using Azure.Bicep.Types.Az;
using Azure.Bicep.Types.Concrete;

namespace Shop.Infra.Tests.Bicep;

/// <summary>
/// Azure's own Bicep type library (the <c>Azure.Bicep.Types.Az</c> package the Bicep compiler ships with):
/// which resource types and API versions exist, and the schema of each. Loaded once, thread-safe.
/// </summary>
internal sealed class AzTypeLibrary
{
    private static readonly Lazy<AzTypeLibrary> Instance = new(() => new AzTypeLibrary(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly AzTypeLoader _loader = new();
    private readonly Dictionary<string, CrossFileTypeReference> _resources;
    private readonly Dictionary<string, List<string>> _versions;
    private readonly Dictionary<string, ResourceType> _loaded = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    private AzTypeLibrary()
    {
        var index = _loader.LoadTypeIndex();
        _resources = new Dictionary<string, CrossFileTypeReference>(index.Resources, StringComparer.OrdinalIgnoreCase);
        _versions = _resources.Keys
            .Select(k => k.Split('@', 2))
            .GroupBy(k => k[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(k => k[1]).Order(StringComparer.Ordinal).ToList(), StringComparer.OrdinalIgnoreCase);
    }

    public static AzTypeLibrary Shared => Instance.Value;

    public int ResourceTypeCount => _resources.Count;

    public bool HasType(string type) => _versions.ContainsKey(type);

    /// <summary>The API versions the library has for <paramref name="type"/>, oldest first.</summary>
    public IReadOnlyList<string> Versions(string type) => _versions.TryGetValue(type, out var v) ? v : [];

    public ResourceType? Find(string type, string apiVersion)
    {
        var key = $"{type}@{apiVersion}";
        if (!_resources.TryGetValue(key, out var reference))
        {
            return null;
        }

        lock (_gate)
        {
            if (!_loaded.TryGetValue(key, out var resource))
            {
                resource = _loader.LoadResourceType(reference);
                _loaded[key] = resource;
            }

            return resource;
        }
    }
}
