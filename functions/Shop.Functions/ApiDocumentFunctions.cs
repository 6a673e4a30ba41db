using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Shop.Functions;

/// <summary>
/// <c>GET /api/openapi/v1.json</c>, in both hosts. The local host generates the document from the functions'
/// attributes (<see cref="ApiDocs"/>); under the Functions host, whose endpoints carry no such metadata, the function
/// serves <c>openapi.json</c>, the Production document built into the app (a test keeps it equal to the generated one).
/// </summary>
public sealed class ApiDocumentFunctions(IServiceProvider services)
{
    public const string SnapshotResource = "Shop.Functions.openapi.json";

    [Function("OpenApiDocument")]
    [ExcludeFromDescription]
    public async Task<IResult> GetDocumentAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/v1.json")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (services.GetKeyedService<IOpenApiDocumentProvider>(ApiDocs.DocumentName) is { } generator)
        {
            var document = await generator.GetOpenApiDocumentAsync(cancellationToken);
            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            document.SerializeAsV31(new OpenApiJsonWriter(text));
            return TypedResults.Text(text.ToString(), "application/json; charset=utf-8");
        }

        await using var snapshot = Assembly.GetExecutingAssembly().GetManifestResourceStream(SnapshotResource)
            ?? throw new InvalidOperationException($"The app was built without {SnapshotResource}.");
        using var reader = new StreamReader(snapshot);
        return TypedResults.Text(await reader.ReadToEndAsync(cancellationToken), "application/json; charset=utf-8");
    }
}
