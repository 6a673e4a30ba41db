using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace Shop.Durable.Storage;

/// <summary>The JSON settings of the engine: payloads (web defaults) and its own records (enums as strings, nulls left out).</summary>
internal static class DurableJson
{
    /// <summary>For inputs, outputs, events and custom status.</summary>
    public static JsonSerializerOptions Payloads { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The same payload settings as Microsoft.DurableTask's data converter (the executor and the client use it).</summary>
    public static DataConverter Converter { get; } = new JsonDataConverter(Payloads);

    /// <summary>For the engine's own records (history events, outbox, queue messages).</summary>
    public static JsonSerializerOptions Records { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string? Serialize(object? value, Type? type = null) =>
        value is null ? null : JsonSerializer.Serialize(value, type ?? value.GetType(), Payloads);

    public static T? Deserialize<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, Payloads);

    public static object? Deserialize(string? json, Type type) => json is null ? null : JsonSerializer.Deserialize(json, type, Payloads);
}
