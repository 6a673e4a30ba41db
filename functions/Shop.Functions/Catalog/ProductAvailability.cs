using System.Text.Json.Serialization;

namespace Shop.Functions.Catalog;

/// <summary>What the storefront says about stock: <c>in_stock</c>, <c>low</c> (a few left) or <c>out</c>.</summary>
public enum ProductAvailability
{
    [JsonStringEnumMemberName("in_stock")]
    InStock,

    [JsonStringEnumMemberName("low")]
    Low,

    [JsonStringEnumMemberName("out")]
    Out,
}
