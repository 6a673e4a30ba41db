using Azure.Data.Tables;
using Shop.Durable.Storage;

namespace Shop.Durable.Tests;

/// <summary>The Table service's limits, enforced before Azurite (which does not enforce them) sees the data.</summary>
public sealed class StorageLimitsTests
{
    [Fact]
    public void Validate_RefusesAPropertyOver64KiB_AndAnEntityOver1MiB()
    {
        var property = new TableEntity("p", "r") { ["Big"] = new byte[StorageLimits.MaxPropertyBytes + 1] };
        Assert.Throws<InvalidOperationException>(() => StorageLimits.Validate(property));

        var entity = new TableEntity("p", "r");
        for (var i = 0; i < 17; i++)
        {
            entity[$"Part{i}"] = new byte[StorageLimits.MaxPropertyBytes];
        }

        Assert.Throws<InvalidOperationException>(() => StorageLimits.Validate(entity));
    }

    [Fact]
    public void BinaryProperty_SplitsLargeDataOver64KiBProperties_AndReadsItBack()
    {
        var data = new byte[300 * 1024];
        Random.Shared.NextBytes(data);
        var entity = new TableEntity("p", "r");

        BinaryProperty.Write(entity, "Events", BinaryProperty.Encode(data));

        Assert.True(entity.Keys.Count(k => k.StartsWith("Events", StringComparison.Ordinal)) >= 5);
        Assert.All(entity.Select(p => p.Value).OfType<byte[]>(), b => Assert.True(b.Length <= StorageLimits.MaxPropertyBytes));
        Assert.Equal(data, BinaryProperty.Decode(BinaryProperty.Read(entity, "Events")!));
        StorageLimits.Validate(entity);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    public void InstanceIds_ThatCannotBeTableKeys_AreRefused(string id) =>
        Assert.Throws<ArgumentException>(() => StorageLimits.ValidateInstanceId(id));
}
