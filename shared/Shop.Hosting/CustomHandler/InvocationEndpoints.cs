using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Shop.Hosting.Functions;
using Shop.Hosting.Http;

namespace Shop.Hosting.CustomHandler;

/// <summary>
/// The Azure Functions custom-handler invocation protocol for non-HTTP triggers: the host posts
/// <c>{ "Data": { binding: value }, "Metadata": { … } }</c> to <c>/{FunctionName}</c> and reads back
/// <c>{ "Outputs": {}, "Logs": [], "ReturnValue": null }</c>. A non-2xx answer fails the invocation, so the
/// host retries the message and finally moves it to the poison queue.
/// </summary>
internal static class InvocationEndpoints
{
    public static IEndpointConventionBuilder MapInvocationEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/{functionName}", InvokeAsync).ExcludeFromDescription();

    private static async Task<IResult> InvokeAsync(string functionName, HttpRequest request, FunctionCatalog functions, FunctionInvoker invoker, CancellationToken cancellationToken)
    {
        var function = functions.Find(functionName);
        if (function is null || function.Trigger is HttpTrigger)
        {
            throw ProblemException.NotFound($"No queue or timer function is named '{functionName}'.");
        }

        JsonDocument payload;
        try
        {
            payload = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            throw ProblemException.Validation("body", $"The invocation payload is not JSON: {ex.Message}");
        }

        using (payload)
        {
            var root = payload.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !TryGet(root, "Data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                throw ProblemException.Validation("Data", "The invocation payload must be an object with a 'Data' object.");
            }

            TryGet(root, "Metadata", out var metadata);
            var invocationId = request.Headers["X-Azure-Functions-InvocationId"].FirstOrDefault();
            var logs = new List<string>();
            try
            {
                switch (function.Trigger)
                {
                    case QueueTrigger:
                        var message = BindingValue(data, FunctionMetadataWriter.QueueBindingName)
                            ?? throw ProblemException.Validation("Data", $"The queue payload has no '{FunctionMetadataWriter.QueueBindingName}' binding value.");
                        await invoker.InvokeQueueAsync(
                            function,
                            message,
                            MetadataString(metadata, "Id") ?? string.Empty,
                            long.TryParse(MetadataString(metadata, "DequeueCount"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 1,
                            DateTimeOffset.TryParse(MetadataString(metadata, "InsertionTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var inserted) ? inserted : null,
                            invocationId,
                            cancellationToken);
                        break;
                    case TimerTrigger:
                        var timer = TryGet(data, FunctionMetadataWriter.TimerBindingName, out var t) ? t : default;
                        var pastDue = timer.ValueKind == JsonValueKind.Object && TryGet(timer, "IsPastDue", out var p) && p.ValueKind == JsonValueKind.True;
                        await invoker.InvokeTimerAsync(function, DateTimeOffset.UtcNow, pastDue, invocationId, cancellationToken);
                        break;
                }
            }
            catch (ProblemException)
            {
                throw;
            }
            catch (Exception ex)
            {
                logs.Add($"Function '{function.Name}' failed: {ex.GetType().Name}: {ex.Message}");
                return Results.Json(new InvocationResponse(logs), statusCode: StatusCodes.Status500InternalServerError);
            }

            logs.Add($"Function '{function.Name}' succeeded.");
            return Results.Json(new InvocationResponse(logs));
        }
    }

    private static string? BindingValue(JsonElement data, string name)
    {
        if (!TryGet(data, name, out var value))
        {
            // A single binding under another name: take it.
            var all = data.EnumerateObject().ToList();
            if (all.Count != 1)
            {
                return null;
            }

            value = all[0].Value;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        };
    }

    private static string? MetadataString(JsonElement metadata, string name) =>
        metadata.ValueKind == JsonValueKind.Object && TryGet(metadata, name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim('"') : value.GetRawText()
            : null;

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
