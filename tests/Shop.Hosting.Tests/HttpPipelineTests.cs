using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Shop.Hosting.Functions;
using Microsoft.Azure.Functions.Worker;
using Shop.Hosting.Http;

namespace Shop.Hosting.Tests;

public sealed class HttpPipelineTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(
        FunctionCatalog.FromTypes(typeof(PipelineFunctions)),
        new Dictionary<string, string?> { ["Hosting:MaxRequestBodyBytes"] = "1024" });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task HttpFunction_IsServedUnderTheRoutePrefix()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/echo", new { name = "mug", quantity = 2 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new EchoRequest("mug", 2), await response.Content.ReadFromJsonAsync<EchoRequest>());
    }

    [Fact]
    public async Task UnknownRoute_Gets404ProblemJson()
    {
        var response = await _app.CreateClient().GetAsync("/api/no/such/thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownJsonField_Gets400NamingTheField()
    {
        var problem = await PostProblemAsync("""{ "name": "mug", "quantity": 1, "price": 0.01 }""", HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("price", out _), problem.ToString());
    }

    [Fact]
    public async Task RepeatedJsonField_Gets400NamingTheField_InsteadOfTheLastOneWinning()
    {
        var problem = await PostProblemAsync("""{ "name": "mug", "name": "bowl", "quantity": 1 }""", HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _), problem.ToString());
    }

    [Fact]
    public async Task WrongJsonType_Gets400NamingTheField()
    {
        var problem = await PostProblemAsync("""{ "name": "mug", "quantity": "two" }""", HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("quantity", out _), problem.ToString());
    }

    [Fact]
    public async Task NumberSentAsAString_Gets400NamingTheField()
    {
        var problem = await PostProblemAsync("""{ "name": "mug", "quantity": "2" }""", HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("quantity", out _), problem.ToString());
    }

    [Fact]
    public async Task AdminFunction_WithoutKey_Gets401_BeforeItsBodyIsRead()
    {
        var response = await _app.CreateClient().PostAsync("/api/admin/echo", new StringContent("{ not json", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task BodyOverTheLimit_Gets413()
    {
        var big = "{ \"name\": \"" + new string('x', 4096) + "\", \"quantity\": 1 }";

        await PostProblemAsync(big, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task ProblemException_BecomesValidationProblemNamingTheField()
    {
        var response = await _app.CreateClient().GetAsync("/api/refuse");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Quantity must be 1 to 99.", problem.GetProperty("errors").GetProperty("quantity")[0].GetString());
    }

    [Fact]
    public async Task AdminFunction_WithoutKey_Gets401_WithWrongKey_Gets403_WithKey_Succeeds()
    {
        var client = _app.CreateClient();
        var none = await client.GetAsync("/api/admin/secret");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/admin/secret");
        wrong.Headers.Add(AdminOptions.HeaderName, "guess");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/admin/secret");
        right.Headers.Add(AdminOptions.HeaderName, "hosting-test-key");
        var ok = await client.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("the secret", await ok.Content.ReadFromJsonAsync<string>());
    }

    [Fact]
    public async Task AdminFunction_WhenTheKeyIsAnUnresolvedKeyVaultReference_RefusesEveryKey()
    {
        const string reference = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/admin-api-key/)";
        await using var app = await TestApp.StartAsync(
            FunctionCatalog.FromTypes(typeof(PipelineFunctions)),
            new Dictionary<string, string?> { ["Admin:ApiKey"] = reference });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/secret");
        request.Headers.Add(AdminOptions.HeaderName, reference);

        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateClient().SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task DevelopmentFunction_IsServedInDevelopment()
    {
        var response = await _app.CreateClient().GetAsync("/api/dev/thing");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<JsonElement> PostProblemAsync(string json, HttpStatusCode expected)
    {
        var response = await _app.CreateClient().PostAsync("/api/echo", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public sealed record EchoRequest(string Name, int Quantity);
}

/// <summary>Worker functions the pipeline tests call, declared as the app declares its own.</summary>
public sealed class PipelineFunctions
{
    [Function("Echo")]
    public static async Task<IResult> EchoAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "echo")] HttpRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(await JsonBody.ReadAsync<HttpPipelineTests.EchoRequest>(request, cancellationToken));

    [Function("Secret")]
    [FunctionAccess(FunctionAuth.Admin)]
    public static IResult Secret([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/secret")] HttpRequest request) => TypedResults.Ok("the secret");

    [Function("AdminEcho")]
    [FunctionAccess(FunctionAuth.Admin)]
    public static async Task<IResult> AdminEchoAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/echo")] HttpRequest request, CancellationToken cancellationToken) =>
        TypedResults.Ok(await JsonBody.ReadAsync<HttpPipelineTests.EchoRequest>(request, cancellationToken));

    [Function("DevOnly")]
    [FunctionAccess(FunctionAuth.Development)]
    public static IResult DevOnly([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/thing")] HttpRequest request) => TypedResults.Ok("dev");

    [Function("Refuse")]
    public static IResult Refuse([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "refuse")] HttpRequest request) =>
        throw ProblemException.Validation("quantity", "Quantity must be 1 to 99.");
}
