using System.Text.Json;
using Shop.Domain.Email;

namespace Shop.Infrastructure.Email;

/// <summary>
/// An email whose send failed transiently, waiting in the retry queue (<see cref="EmailOptions.RetryQueue"/>) for its
/// next attempt: the model (JSON with its template discriminator), the recipient and the idempotency key that keeps
/// every attempt from sending it twice.
/// </summary>
public sealed record EmailRetry(EmailRecipient Recipient, EmailModel Model, string IdempotencyKey, int Attempt, DateTimeOffset FirstFailedAt)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a queue message; throws <see cref="JsonException"/> for one that is not an email retry.</summary>
    public static EmailRetry Parse(string message) =>
        JsonSerializer.Deserialize<EmailRetry>(message, Json) ?? throw new JsonException("The message is not an email retry.");
}
