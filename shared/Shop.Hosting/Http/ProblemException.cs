using Microsoft.AspNetCore.Http;

namespace Shop.Hosting.Http;

/// <summary>
/// An error the caller can act on, turned into <c>application/problem+json</c> by the one error path.
/// Throw it (or a subclass) from a handler or a service instead of writing an error response by hand.
/// </summary>
public class ProblemException : Exception
{
    public ProblemException()
        : this(StatusCodes.Status400BadRequest, "Bad request")
    {
    }

    public ProblemException(string message)
        : this(StatusCodes.Status400BadRequest, message)
    {
    }

    public ProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = StatusCodes.Status500InternalServerError;
        Title = message;
    }

    public ProblemException(int statusCode, string title, string? detail = null, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(detail ?? title)
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        Errors = errors;
    }

    public int StatusCode { get; }

    public string Title { get; }

    public string? Detail { get; }

    /// <summary>Field errors (field name → messages), for validation failures.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; }

    /// <summary>A 400 validation problem naming the field at fault.</summary>
    public static ProblemException Validation(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "One or more validation errors occurred.", message, new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemException NotFound(string what) => new(StatusCodes.Status404NotFound, "Not found", what);

    public static ProblemException Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);
}
