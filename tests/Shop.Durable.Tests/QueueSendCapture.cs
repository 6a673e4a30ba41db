using System.Collections.Concurrent;
using System.Text;
using System.Xml.Linq;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Shop.Durable.Tests;

/// <summary>Records every queue message the app sends (queue, visibility delay, text) from the SDK's own requests.</summary>
public sealed class QueueSendCapture : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<SentMessage> _sent = new();

    public IReadOnlyList<SentMessage> Sent => _sent.ToList();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        await ProcessNextAsync(message, pipeline);
    }

    private void Record(HttpMessage message)
    {
        var request = message.Request;
        var path = request.Uri.Path;
        if (request.Method != RequestMethod.Post || !path.EndsWith("/messages", StringComparison.Ordinal) || request.Content is null)
        {
            return;
        }

        using var body = new MemoryStream();
        request.Content.WriteTo(body, CancellationToken.None);
        body.Position = 0;
        var text = XDocument.Load(body).Descendants("MessageText").Single().Value;
        var queue = path.Split('/', StringSplitOptions.RemoveEmptyEntries)[^2];
        var query = request.Uri.Query;
        var visibility = TimeSpan.Zero;
        foreach (var part in query.TrimStart('?').Split('&'))
        {
            var pair = part.Split('=');
            if (pair.Length == 2 && pair[0] == "visibilitytimeout")
            {
                visibility = TimeSpan.FromSeconds(int.Parse(pair[1], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        _sent.Enqueue(new SentMessage(queue, visibility, Encoding.UTF8.GetString(Convert.FromBase64String(text))));
    }
}
