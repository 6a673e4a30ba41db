using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shop.Hosting.Functions;

namespace Shop.Hosting.Tests;

public sealed class CustomHandlerInvocationTests
{
    private static readonly Dictionary<string, string?> UnderFunctionsHost = new() { [HostingOptions.CustomHandlerPortSetting] = "0" };

    [Fact]
    public async Task QueueInvocation_RunsTheHandler_AndAnswersOutputsLogsReturnValue()
    {
        QueueInvocation? seen = null;
        var functions = new FunctionCatalog().MapQueue("ProcessOrder", "orders", (invocation, _) =>
        {
            seen = invocation;
            return Task.CompletedTask;
        });
        await using var app = await TestApp.StartAsync(functions, UnderFunctionsHost);

        var response = await app.CreateClient().PostAsync("/ProcessOrder", Json("""
            { "Data": { "message": "{\"orderId\":\"o-1\"}" },
              "Metadata": { "DequeueCount": 2, "Id": "m-1", "InsertionTime": "2026-11-23T10:00:00+00:00", "sys": { "MethodName": "ProcessOrder" } } }
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("Logs").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("ReturnValue").ValueKind);
        Assert.NotNull(seen);
        Assert.Equal("{\"orderId\":\"o-1\"}", seen.Message);
        Assert.Equal(2, seen.DequeueCount);
        Assert.Equal("m-1", seen.MessageId);
    }

    [Fact]
    public async Task TimerInvocation_RunsTheHandler()
    {
        var ran = false;
        var functions = new FunctionCatalog().MapTimer("Nightly", "0 0 3 * * *", (_, _) =>
        {
            ran = true;
            return Task.CompletedTask;
        });
        await using var app = await TestApp.StartAsync(functions, UnderFunctionsHost);

        var response = await app.CreateClient().PostAsync("/Nightly", Json("""{ "Data": { "timer": { "IsPastDue": false } }, "Metadata": {} }"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(ran);
    }

    [Fact]
    public async Task FailingHandler_Answers500_SoTheHostRetriesTheMessage()
    {
        var functions = new FunctionCatalog().MapQueue("Broken", "broken", (_, _) => throw new InvalidOperationException("no stock table"));
        await using var app = await TestApp.StartAsync(functions, UnderFunctionsHost);

        var response = await app.CreateClient().PostAsync("/Broken", Json("""{ "Data": { "message": "x" }, "Metadata": { "DequeueCount": 1 } }"""));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("no stock table", body.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("""{ "Data": 5 }""")]
    [InlineData("""{ "Metadata": {} }""")]
    public async Task MalformedPayload_Gets400Problem(string payload)
    {
        var functions = new FunctionCatalog().MapQueue("ProcessOrder", "orders", (_, _) => Task.CompletedTask);
        await using var app = await TestApp.StartAsync(functions, UnderFunctionsHost);

        var response = await app.CreateClient().PostAsync("/ProcessOrder", Json(payload));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownFunction_Gets404Problem()
    {
        var functions = new FunctionCatalog().MapQueue("ProcessOrder", "orders", (_, _) => Task.CompletedTask);
        await using var app = await TestApp.StartAsync(functions, UnderFunctionsHost);

        var response = await app.CreateClient().PostAsync("/NoSuchFunction", Json("""{ "Data": { "message": "x" } }"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task InvocationEndpoints_AreNotServed_WhenRunningLocally()
    {
        var functions = new FunctionCatalog().MapQueue("ProcessOrder", AzuriteNames.Queue(), (_, _) => Task.CompletedTask);
        await using var app = await TestApp.StartAsync(functions);

        var response = await app.CreateClient().PostAsync("/ProcessOrder", Json("""{ "Data": { "message": "x" } }"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static class AzuriteNames
    {
        public static string Queue() => Shop.Testing.AzuriteFixture.UniqueName("local");
    }
}
