using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Shop.Testing;

/// <summary>
/// Records the table requests of an in-process app (add it to <c>StorageClientOptions.Policies</c>): which table, a
/// point read, a query (with its filter and the rows it returned) or a write. Tests use it to say what a read costs in
/// requests and rows, never in elapsed time.
/// </summary>
public sealed class TableRequestLog(int tablePort) : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<TableRequest> _requests = new();

    public IReadOnlyList<TableRequest> Requests => _requests.ToList();

    /// <summary>Requests to <paramref name="table"/>.</summary>
    public IReadOnlyList<TableRequest> To(string table) => _requests.Where(r => r.Table == table).ToList();

    public void Clear() => _requests.Clear();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Record(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Record(message);
    }

    private void Record(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        if (uri.Port != tablePort)
        {
            return;
        }

        var segment = Uri.UnescapeDataString(uri.AbsolutePath.TrimEnd('/').Split('/')[^1]);
        var table = segment.Split('(')[0];
        var isGet = message.Request.Method == RequestMethod.Get;
        if (!isGet || table == "Tables")
        {
            _requests.Enqueue(new TableRequest(table, TableRequestKind.Write, null, 0));
            return;
        }

        if (segment.Contains("PartitionKey=", StringComparison.Ordinal))
        {
            _requests.Enqueue(new TableRequest(table, TableRequestKind.PointRead, null, message.Response.Status == 200 ? 1 : 0));
            return;
        }

        var filter = uri.Query.TrimStart('?').Split('&')
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2 && Uri.UnescapeDataString(p[0]) == "$filter")
            .Select(p => Uri.UnescapeDataString(p[1].Replace('+', ' ')))
            .FirstOrDefault();
        _requests.Enqueue(new TableRequest(table, TableRequestKind.Query, filter, CountRows(message)));
    }

    private static int CountRows(HttpMessage message)
    {
        if (message.Response.Status != 200 || message.Response.ContentStream is not { CanSeek: true } body)
        {
            return 0;
        }

        var position = body.Position;
        try
        {
            body.Position = 0;
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("value", out var rows) ? rows.GetArrayLength() : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
        finally
        {
            body.Position = position;
        }
    }
}
