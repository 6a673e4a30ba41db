using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Shop.Hosting.Http;

/// <summary>
/// The one error path: every exception leaves the app as <c>application/problem+json</c>. The local host calls it from
/// ASP.NET Core's exception handler, the worker in Azure from <see cref="ShopWorkerMiddleware"/>.
/// </summary>
public sealed partial class ProblemWriter(
    IProblemDetailsService problemDetails,
    IEnumerable<IProblemMapper> mappers,
    IHostEnvironment environment,
    ILogger<ProblemWriter> logger)
{
    public async ValueTask<bool> WriteAsync(HttpContext httpContext, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        var problem = Map(exception);
        if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            Log.Unhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private ProblemDetails Map(Exception exception)
    {
        foreach (var mapper in mappers)
        {
            if (mapper.TryMap(exception) is { } mapped)
            {
                return mapped;
            }
        }

        switch (exception)
        {
            case ProblemException p when p.Errors is not null:
                return new HttpValidationProblemDetails(p.Errors.ToDictionary(e => e.Key, e => e.Value))
                {
                    Status = p.StatusCode,
                    Title = p.Title,
                    Detail = p.Detail,
                };
            case ProblemException p:
                return new ProblemDetails { Status = p.StatusCode, Title = p.Title, Detail = p.Detail };
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                return new ProblemDetails { Status = StatusCodes.Status413PayloadTooLarge, Title = "Request body too large" };
            case BadHttpRequestException bad when FindJsonException(bad) is { } json:
                var field = FieldName(json.Path);
                return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [Describe(json)] })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request body is not valid JSON for this operation.",
                    Detail = $"'{field}': {Describe(json)}",
                };
            case BadHttpRequestException bad:
                return new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message };
            default:
                return new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = "An unexpected error occurred.",
                    Detail = environment.IsDevelopment() ? exception.Message : null,
                };
        }
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    private static string FieldName(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        var name = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return name.Length == 0 ? "body" : name;
    }

    private static string Describe(JsonException json)
    {
        var message = json.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
        public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);
    }
}

/// <summary>ASP.NET Core's exception handler of the local host, writing through <see cref="ProblemWriter"/>.</summary>
internal sealed class ShopExceptionHandler(ProblemWriter writer) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken) =>
        writer.WriteAsync(httpContext, exception);
}
