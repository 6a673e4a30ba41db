using Microsoft.AspNetCore.Mvc;

namespace Shop.Hosting.Http;

/// <summary>
/// Maps an exception from a layer that knows nothing of HTTP (a domain rule, a storage conflict)
/// to a problem response. Register implementations in DI; the first that answers wins.
/// </summary>
public interface IProblemMapper
{
    ProblemDetails? TryMap(Exception exception);
}
