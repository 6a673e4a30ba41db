using System.Text.Json;

namespace Shop.Domain.Returns;

/// <summary>The statuses as the API spells them (<c>awaiting_parcel</c>).</summary>
public static class ReturnStatuses
{
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<ReturnStatus>().Select(Name).ToList();

    public static string Name(ReturnStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    public static ReturnStatus? Parse(string? name) =>
        Enum.GetValues<ReturnStatus>().Cast<ReturnStatus?>().FirstOrDefault(s => string.Equals(Name(s!.Value), name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
