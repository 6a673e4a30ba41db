using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Shop.Durable;
using Shop.Testing;

namespace Shop.Functions.Tests.Instances;

public sealed class InstanceApiTests(InstancesAppFactory factory) : IClassFixture<InstancesAppFactory>
{
    [Fact]
    public async Task AdminEndpoints_WithoutTheKey_Return401_AndWithAWrongKey_Return403()
    {
        using var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/admin/instances", UriKind.Relative))).StatusCode);

        anonymous.DefaultRequestHeaders.Add("X-Admin-Key", "wrong");
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.PostAsync(new Uri("/api/admin/instances/x/terminate", UriKind.Relative), null)).StatusCode);
    }

    [Fact]
    public async Task UnknownInstance_Returns404Problem()
    {
        using var admin = factory.CreateAdminClient();

        var get = await admin.GetAsync(new Uri("/api/admin/instances/no-such-instance", UriKind.Relative));
        var raise = await admin.PostAsJsonAsync(new Uri("/api/admin/instances/no-such-instance/events/Approved", UriKind.Relative), new { by = "me" });
        var purge = await admin.DeleteAsync(new Uri("/api/admin/instances/no-such-instance", UriKind.Relative));
        var badId = await admin.GetAsync(new Uri("/api/admin/instances/bad%23id", UriKind.Relative));

        Assert.All([get, raise, purge, badId], r =>
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        });
    }

    [Fact]
    public async Task RunningInstance_ShowsItsHistory_AndTakesAnEventThatCompletesIt()
    {
        using var admin = factory.CreateAdminClient();
        var id = await factory.Client.ScheduleNewOrchestrationInstanceAsync("AdminTestApproval", "Ada");
        var running = await Eventually.ValueAsync(
            () => admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/admin/instances/{id}?history=true", UriKind.Relative)),
            r => r.TryGetProperty("customStatus", out var status) && status.ValueKind == JsonValueKind.String,
            "the instance to wait for approval");

        Assert.Equal("running", running.GetProperty("runtimeStatus").GetString());
        Assert.Equal("Ada", running.GetProperty("input").GetString());
        var history = running.GetProperty("history").EnumerateArray().ToList();
        Assert.Contains(history, e => e.GetProperty("eventType").GetString() == "executionStarted");
        var completed = Assert.Single(history, e => e.GetProperty("eventType").GetString() == "taskCompleted");
        Assert.Equal("Hello Ada", completed.GetProperty("result").GetString());

        var raised = await admin.PostAsJsonAsync(new Uri($"/api/admin/instances/{id}/events/Approved", UriKind.Relative), new { by = "Grace" });
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);

        var done = await factory.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
        Assert.Equal("Hello Ada: Grace", done.ReadOutputAs<string>());
        var shown = await admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/admin/instances/{id}", UriKind.Relative));
        Assert.Equal("completed", shown.GetProperty("runtimeStatus").GetString());
        Assert.False(shown.TryGetProperty("history", out _));
    }

    [Fact]
    public async Task IllegalTransitions_Return409_AndTerminateThenPurgeRemovesTheInstance()
    {
        using var admin = factory.CreateAdminClient();
        var id = await factory.Client.ScheduleNewOrchestrationInstanceAsync("AdminTestApproval", "Bob");
        await Eventually.TrueAsync(async () => (await factory.Client.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running");

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync(new Uri($"/api/admin/instances/{id}/resume", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync(new Uri($"/api/admin/instances/{id}/rewind", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync(new Uri($"/api/admin/instances/{id}", UriKind.Relative))).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync(new Uri($"/api/admin/instances/{id}/suspend", UriKind.Relative), new { reason = "checking" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync(new Uri($"/api/admin/instances/{id}/resume", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync(new Uri($"/api/admin/instances/{id}/terminate", UriKind.Relative), new { reason = "fraud" })).StatusCode);
        var conflict = await admin.PostAsync(new Uri($"/api/admin/instances/{id}/terminate", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);

        var terminated = await admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/admin/instances/{id}", UriKind.Relative));
        Assert.Equal("terminated", terminated.GetProperty("runtimeStatus").GetString());
        Assert.Equal("fraud", terminated.GetProperty("output").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(new Uri($"/api/admin/instances/{id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/api/admin/instances/{id}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task List_FiltersByStatus_AndRefusesAnUnknownStatus()
    {
        using var admin = factory.CreateAdminClient();
        var id = await factory.Client.ScheduleNewOrchestrationInstanceAsync("AdminTestApproval", "Cy");
        await Eventually.TrueAsync(async () => (await factory.Client.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running");

        var running = await admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/admin/instances?status=running,suspended&createdFrom={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"))}&top=50", UriKind.Relative));
        Assert.Contains(running.GetProperty("instances").EnumerateArray(), i => i.GetProperty("instanceId").GetString() == id);
        var completed = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/admin/instances?status=Completed", UriKind.Relative));
        Assert.DoesNotContain(completed.GetProperty("instances").EnumerateArray(), i => i.GetProperty("instanceId").GetString() == id);

        var bad = await admin.GetAsync(new Uri("/api/admin/instances?status=sleeping", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("status", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync(new Uri("/api/admin/instances?top=0", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task BulkPurge_RemovesFinishedInstancesCreatedBeforeTheCutoff_NeverARunningOne_AndTwiceIsHarmless()
    {
        using var admin = factory.CreateAdminClient();
        var finished = await StartAsync("Di");
        await factory.Client.TerminateInstanceAsync(finished);
        await Eventually.TrueAsync(async () => (await factory.Client.GetInstanceAsync(finished))?.RuntimeStatus == OrchestrationRuntimeStatus.Terminated, "terminated");
        var running = await StartAsync("Ed");
        var cutoff = DateTimeOffset.UtcNow;
        var newer = await StartAsync("Flo");
        await factory.Client.TerminateInstanceAsync(newer);
        await Eventually.TrueAsync(async () => (await factory.Client.GetInstanceAsync(newer))?.RuntimeStatus == OrchestrationRuntimeStatus.Terminated, "terminated");
        var purgeUrl = new Uri($"/api/admin/instances/purge?createdBefore={Uri.EscapeDataString(cutoff.ToString("O"))}", UriKind.Relative);

        var first = await admin.PostAsync(purgeUrl, null);
        var second = await admin.PostAsync(purgeUrl, null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var purged = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(purged.GetProperty("purged").GetInt32() >= 1);
        Assert.True(purged.GetProperty("complete").GetBoolean());
        Assert.Null(await factory.Client.GetInstanceAsync(finished));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await factory.Client.GetInstanceAsync(running))!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await factory.Client.GetInstanceAsync(newer))!.RuntimeStatus);
        Assert.Equal(0, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("purged").GetInt32());

        // By default the cutoff is Durable__Retention (30 days) ago; a running status is refused.
        var byRetention = await admin.PostAsync(new Uri("/api/admin/instances/purge", UriKind.Relative), null);
        var retained = (await byRetention.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("createdBefore").GetDateTimeOffset();
        Assert.InRange(retained, DateTimeOffset.UtcNow.AddDays(-30).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(-30).AddMinutes(5));
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await factory.Client.GetInstanceAsync(newer))!.RuntimeStatus);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync(new Uri("/api/admin/instances/purge?status=Running", UriKind.Relative), null)).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheInstanceEndpoints()
    {
        using var client = factory.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/openapi/v1.json", UriKind.Relative));

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/admin/instances/{instanceId}/events/{eventName}", out var raise));
        Assert.Equal("Instances", raise.GetProperty("post").GetProperty("tags")[0].GetString());
        Assert.True(paths.TryGetProperty("/api/admin/instances", out _));
    }

    private async Task<string> StartAsync(string name)
    {
        var id = await factory.Client.ScheduleNewOrchestrationInstanceAsync("AdminTestApproval", name);
        await Eventually.TrueAsync(async () => (await factory.Client.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Running, "running");
        return id;
    }
}
