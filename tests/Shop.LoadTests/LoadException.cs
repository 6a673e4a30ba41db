using System.Net;

namespace Shop.LoadTests;

/// <summary>A shopper's step that did not go as a customer would expect: an error status, a wrong state, a timeout.</summary>
internal sealed class LoadException : Exception
{
    public LoadException()
    {
        Kind = "error";
    }

    public LoadException(string message)
        : base(message)
    {
        Kind = "error";
    }

    public LoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = "error";
    }

    public LoadException(string kind, string message, HttpStatusCode? status = null)
        : base(message)
    {
        Kind = status is { } s ? $"{kind}: HTTP {(int)s}" : kind;
        Status = status;
    }

    /// <summary>What failed, for counting: the step and the status (e.g. "checkout: HTTP 409").</summary>
    public string Kind { get; }

    /// <summary>The HTTP status the app answered, or null when it did not answer.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>The app did not answer at all: the connection was refused or lost, or no answer came in time.</summary>
    public bool Unreachable { get; private init; }

    /// <summary>A call the app did not answer (refused, reset, timed out): expected while the app is down, and safe to retry where the call is idempotent.</summary>
    public static LoadException NoAnswer(string kind, string message) => new(kind, message) { Unreachable = true };
}
