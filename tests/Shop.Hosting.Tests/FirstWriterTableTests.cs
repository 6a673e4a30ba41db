using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Shop.Hosting.Storage;
using Shop.Testing;

namespace Shop.Hosting.Tests;

public sealed class FirstWriterTableTests
{
    [Fact]
    public async Task Claim_ByRacingWriters_HasOneWinner_AndEveryLoserReadsTheWinnersRow()
    {
        var table = await NewTableAsync();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            table.ClaimAsync(new TableEntity("key", "row.key") { ["Writer"] = i })));

        var winner = Assert.Single(claims, c => c.Won);
        var written = winner.Row!.GetInt32("Writer");
        Assert.All(claims.Where(c => !c.Won), c => Assert.Equal(written, c.Row!.GetInt32("Writer")));
    }

    [Fact]
    public async Task Claim_AfterTheRowIsForgotten_IsWonAgain_AndALoserNeedNotRead()
    {
        var table = await NewTableAsync();
        Assert.True((await table.ClaimAsync(new TableEntity("event", "row.1"))).Won);

        var again = await table.ClaimAsync(new TableEntity("event", "row.1"), readExisting: false);
        Assert.False(again.Won);
        Assert.Null(again.Row);

        await table.ForgetAsync("event", "row.1");
        Assert.True((await table.ClaimAsync(new TableEntity("event", "row.1"))).Won);
    }

    private static async Task<FirstWriterTable> NewTableAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = await SharedAzurite.GetConnectionStringAsync() })
            .Build();
        return new FirstWriterTable(new StorageClientFactory(configuration, Options.Create(new StorageClientOptions())), AzuriteFixture.UniqueName("claims"));
    }
}
