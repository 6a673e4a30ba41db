using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Shop.Hosting.Http;

// Attributes that describe a [Function] HTTP method in the OpenAPI document. The worker's bindings know nothing of
// bodies or query strings (a function reads them itself), so the function states them here; the local host turns a
// method's attributes into endpoint metadata, and ApiDocs into the document.

/// <summary>The function reads a JSON body of <paramref name="requestType"/> (<see cref="JsonBody"/>).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class JsonBodyAttribute(Type requestType) : Attribute, IAcceptsMetadata
{
    public Type RequestType { get; } = requestType;

    /// <summary>True when the body may be left out.</summary>
    public bool IsOptional { get; init; }

    IReadOnlyList<string> IAcceptsMetadata.ContentTypes => ["application/json"];

    Type? IAcceptsMetadata.RequestType => RequestType;
}

/// <summary>A query-string parameter the function reads from <c>HttpRequest.Query</c>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class QueryParameterAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    /// <summary>The value's type (string by default; <c>int</c>, <c>bool</c>).</summary>
    public Type Type { get; init; } = typeof(string);
}

/// <summary>The function may answer <paramref name="statusCode"/> with <c>application/problem+json</c>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class ProducesProblemAttribute(int statusCode) : Attribute, IProducesResponseTypeMetadata
{
    public int StatusCode { get; } = statusCode;

    public Type? Type => StatusCode == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);

    public string? Description => null;

    public IEnumerable<string> ContentTypes => ["application/problem+json"];
}

/// <summary>
/// More media types for a response the function declares with <c>[ProducesResponseType]</c> (text, where one status
/// answers in several formats); the document gives each a string schema.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class AlsoProducesAttribute(int statusCode, params string[] contentTypes) : Attribute
{
    public int StatusCode { get; } = statusCode;

    public IReadOnlyList<string> ContentTypes { get; } = contentTypes;
}
