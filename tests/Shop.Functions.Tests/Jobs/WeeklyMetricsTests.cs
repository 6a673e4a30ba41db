using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Shop.Functions.Tests.Orders;
using Shop.Testing;

namespace Shop.Functions.Tests.Jobs;

/// <summary>
/// The weekly rollup from facts kept as orders moved: this week's real orders (one paid and shipped, one declined)
/// beside three earlier weeks whose facts are seeded, so the payment failure rate is far above its baseline.
/// </summary>
public sealed class WeeklyMetricsTests(OrderAppFactory app) : OrderTests<OrderAppFactory>(app)
{
    private JobsTestClient Jobs => new(App, Shop);

    [Fact]
    public async Task AWeekOfOrders_RollsUpIntoItsFigures_AlertsOnTheSpike_OnceAndWithOneEmail()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var week = WeekKey(today);
        var sku = await Shop.AddProductAsync(price: 40m, stock: 20);
        await SeedEarlierWeeksAsync(today);
        for (var back = 3; back >= 1; back--)
        {
            (await Shop.Admin.PostAsync($"/api/admin/jobs/weekly-metrics?week={WeekKey(today.AddDays(-7 * back))}", null)).EnsureSuccessStatusCode();
        }

        var paid = await Shop.PlaceAsync(sku, 2, email: "returning@example.com");
        await Shop.WaitForStatusAsync(paid, "confirmed");
        Assert.Equal(HttpStatusCode.OK, (await Shop.ShipAsync(paid)).StatusCode);
        var declined = await Shop.PlaceAsync(sku, 1, "pm_card_chargeDeclined");
        await Shop.WaitForStatusAsync(declined, "payment_failed");
        await Shop.WaitForStatusAsync(paid, "shipped");

        var rollup = await RollUpAsync("current");

        Assert.Equal(week, rollup.GetProperty("week").GetString());
        Assert.Equal(1, rollup.GetProperty("orders").GetInt32());
        Assert.Equal((await Shop.OrderAsync(paid)).GetProperty("totals").GetProperty("total").GetProperty("amount").GetDecimal() * 100, rollup.GetProperty("revenueMinor").GetInt64());
        Assert.Equal(2, rollup.GetProperty("ordersPlaced").GetInt32());
        Assert.Equal(0.5, rollup.GetProperty("paymentFailureRate").GetDouble());
        Assert.Equal(1, rollup.GetProperty("shipped").GetInt32());
        Assert.Equal(1.0, rollup.GetProperty("shippedWithinSlaShare").GetDouble());
        Assert.Equal(2, rollup.GetProperty("unitsSold").GetInt64());
        Assert.Equal(1, rollup.GetProperty("returningCustomers").GetInt32());
        Assert.Equal(0, rollup.GetProperty("newCustomers").GetInt32());
        Assert.Equal(0.75, rollup.GetProperty("cartAbandonmentRate").GetDouble());
        Assert.Equal(0.1, rollup.GetProperty("baseline").GetProperty("paymentFailureRate").GetDouble());
        var alert = Assert.Single(rollup.GetProperty("alerts").EnumerateArray());
        Assert.Equal("paymentFailureRate", alert.GetProperty("rule").GetString());

        // Run again (a second timer firing): the same row, no second alert or summary.
        await RollUpAsync("current");
        Assert.Single(await Jobs.OpsEmailsAsync("Anomaly in Payment failure rate (week " + week));
        Assert.Single(await Jobs.OpsEmailsAsync("Weekly figures " + week));
        var series = await Shop.Admin.GetFromJsonAsync<JsonElement>("/api/admin/metrics/weekly?weeks=4");
        Assert.Equal(
            [WeekKey(today.AddDays(-21)), WeekKey(today.AddDays(-14)), WeekKey(today.AddDays(-7)), week],
            series.GetProperty("weeks").EnumerateArray().Select(w => w.GetProperty("week").GetString()!).ToArray());
    }

    [Theory]
    [InlineData("/api/admin/jobs/weekly-metrics?week=2026-W60", "post", "week")]
    [InlineData("/api/admin/jobs/weekly-metrics?week=last", "post", "week")]
    [InlineData("/api/admin/metrics/weekly?weeks=0", "get", "weeks")]
    [InlineData("/api/admin/metrics/weekly?weeks=abc", "get", "weeks")]
    public async Task BadWeeks_AreRefusedWithTheField(string url, string method, string field)
    {
        var response = await Shop.Admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    private async Task<JsonElement> RollUpAsync(string week)
    {
        var response = await Shop.Admin.PostAsync($"/api/admin/jobs/weekly-metrics?week={week}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// Three earlier weeks of facts as the app writes them: 10 orders placed and 1 declined each week (a 10 % failure
    /// rate), and, the week before this one, 4 carts with lines of which 1 was checked out. The customer who orders this
    /// week ordered before.
    /// </summary>
    private async Task SeedEarlierWeeksAsync(DateOnly today)
    {
        var table = new TableClient(App.StorageConnectionString, App.Settings["Metrics__Table"]!);
        await table.CreateIfNotExistsAsync();
        for (var back = 3; back >= 1; back--)
        {
            var day = today.AddDays(-7 * back);
            var key = WeekKey(day);
            var at = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            for (var i = 0; i < 10; i++)
            {
                await table.UpsertEntityAsync(Fact(key, $"placed|seed-{back}-{i}", at, "{}"));
            }

            await table.UpsertEntityAsync(Fact(key, $"paymentfailed|seed-{back}-0", at, "{}"));
            var customer = back == 3 ? CustomerKey("returning@example.com") : CustomerKey($"seed{back}@example.com");
            await table.UpsertEntityAsync(Fact(key, $"confirmed|seed-{back}-1", at, $$"""{"totalMinor":5000,"currency":"USD","customer":"{{customer}}"}"""));
            if (back == 1)
            {
                for (var c = 0; c < 4; c++)
                {
                    await table.UpsertEntityAsync(Fact(key, $"cart|seed-cart-{c}", at, "{}"));
                }

                await table.UpsertEntityAsync(Fact(key, "cartout|seed-cart-0", at, """{"orderId":"seed"}"""));
            }
        }
    }

    private static TableEntity Fact(string week, string rowKey, DateTimeOffset at, string data) => new(week, rowKey) { ["At"] = at, ["Data"] = data };

    private static string CustomerKey(string email) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(email)))[..32];

    private static string WeekKey(DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue)):D4}-W{ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)):D2}");
}
