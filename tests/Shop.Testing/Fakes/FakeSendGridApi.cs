using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Shop.Testing.Fakes;

/// <summary>
/// A local fake of SendGrid's v3 mail send: checks the API key and the JSON shape SendGrid requires, answers 202
/// with an <c>X-Message-Id</c>, and can be told to answer the next requests with errors (429 with Retry-After, 5xx, 4xx),
/// to answer late, or to be down (503 to everything) until told otherwise.
/// </summary>
public sealed class FakeSendGridApi : IAsyncDisposable
{
    public const string ApiKey = "SG.test-key.shop";

    private readonly ConcurrentQueue<(int Status, string Body, string? RetryAfter, TimeSpan Delay)> _answers = new();
    private LocalHttpFake? _server;
    private int _sequence;

    public Uri BaseAddress => _server!.BaseAddress;

    public IReadOnlyCollection<RecordedRequest> Requests => _server!.Requests;

    /// <summary>Requests SendGrid accepted.</summary>
    public ConcurrentQueue<RecordedRequest> Accepted { get; } = new();

    public static async Task<FakeSendGridApi> StartAsync()
    {
        var fake = new FakeSendGridApi();
        fake._server = await LocalHttpFake.StartAsync(fake.HandleAsync);
        return fake;
    }

    /// <summary>While true, every mail send is answered 503 (an outage).</summary>
    public bool Down { get; set; }

    /// <summary>Answers the next mail send with <paramref name="status"/>, after <paramref name="delay"/> when given.</summary>
    public void AnswerNext(int status, string body = "", string? retryAfter = null, TimeSpan delay = default) => _answers.Enqueue((status, body, retryAfter, delay));

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task HandleAsync(RecordedRequest request, HttpContext context)
    {
        var (status, body, retryAfter, delay) = Answer(request);
        if (delay > TimeSpan.Zero)
        {
            // SendGrid takes the message, and answers late: the client may have given up by then.
            await Task.Delay(delay, CancellationToken.None);
        }

        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        if (status == 202)
        {
            context.Response.Headers["X-Message-Id"] = "sg-msg-" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
            Accepted.Enqueue(request);
        }

        if (body.Length > 0)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        }
    }

    private (int Status, string Body, string? RetryAfter, TimeSpan Delay) Answer(RecordedRequest request)
    {
        if (request.Method != "POST" || request.Path != "/v3/mail/send")
        {
            return (404, Errors(("Not found", null)), null, default);
        }

        if (request.Header("Authorization") != "Bearer " + ApiKey)
        {
            return (401, Errors(("The provided authorization grant is invalid, expired, or revoked", null)), null, default);
        }

        if (_answers.TryDequeue(out var scripted))
        {
            return scripted;
        }

        if (Down)
        {
            return (503, Errors(("Service unavailable", null)), null, default);
        }

        var (status, body, retryAfter) = Validate(request);
        return (status, body, retryAfter, default);
    }

    private static (int Status, string Body, string? RetryAfter) Validate(RecordedRequest request)
    {
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        if (!root.TryGetProperty("from", out var from) || !from.TryGetProperty("email", out _))
        {
            return (400, Errors(("The from object must be provided for every email send.", "from")), null);
        }

        if (!root.TryGetProperty("personalizations", out var personalizations) || personalizations.GetArrayLength() == 0
            || !personalizations[0].TryGetProperty("to", out var to) || to.GetArrayLength() == 0)
        {
            return (400, Errors(("The personalizations field is required and must have at least one personalization.", "personalizations")), null);
        }

        var subject = root.TryGetProperty("subject", out var rootSubject) ? rootSubject
            : personalizations[0].TryGetProperty("subject", out var personalSubject) ? personalSubject : default;
        if (subject.ValueKind != JsonValueKind.String || subject.GetString() is not { Length: > 0 })
        {
            return (400, Errors(("The subject is required.", "subject")), null);
        }

        if (!root.TryGetProperty("content", out var content) || content.GetArrayLength() == 0 || content[0].GetProperty("type").GetString() != "text/plain")
        {
            return (400, Errors(("If present, text/plain content must be first, followed by text/html.", "content")), null);
        }

        return (202, string.Empty, null);
    }

    public static string Errors(params (string Message, string? Field)[] errors) => JsonSerializer.Serialize(new
    {
        errors = errors.Select(e => new { message = e.Message, field = e.Field, help = (string?)null }),
    });
}
