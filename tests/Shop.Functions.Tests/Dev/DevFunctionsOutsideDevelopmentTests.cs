using System.Net;

namespace Shop.Functions.Tests.Dev;

/// <summary>The dev endpoints do not exist outside Development.</summary>
public sealed class DevFunctionsOutsideDevelopmentTests : IAsyncLifetime
{
    private readonly DevAppFactory _app = new() { Environment = "Production" };

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("GET", "/api/dev/outbox")]
    [InlineData("GET", "/api/dev/outbox/0123456789abcdef0123456789abcdef")]
    [InlineData("GET", "/api/dev/payments?orderId=o1")]
    [InlineData("POST", "/api/dev/payments/pi_sim_1/complete-action")]
    public async Task DevEndpoint_InProduction_IsNotFound(string method, string path)
    {
        using var client = _app.CreateClient();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
