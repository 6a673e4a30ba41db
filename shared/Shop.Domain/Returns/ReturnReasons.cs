using System.Text.Json;

namespace Shop.Domain.Returns;

/// <summary>The reasons as the API spells them (<c>wrong_item</c>), and whose fault each one is.</summary>
public static class ReturnReasons
{
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<ReturnReason>().Select(Name).ToList();

    public static string Name(ReturnReason reason) => JsonNamingPolicy.SnakeCaseLower.ConvertName(reason.ToString());

    /// <summary>The reason a name stands for, or null when it is none of <see cref="Names"/>.</summary>
    public static ReturnReason? Parse(string? name) =>
        Enum.GetValues<ReturnReason>().Cast<ReturnReason?>().FirstOrDefault(r => string.Equals(Name(r!.Value), name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The shop's fault (damaged, wrong item, not as described): the shipping paid is refunded too.</summary>
    public static bool IsShopsFault(ReturnReason reason) => reason is ReturnReason.Damaged or ReturnReason.WrongItem or ReturnReason.NotAsDescribed;
}
