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
    }

    /// <summary>What failed, for counting: the step and the status (e.g. "checkout: HTTP 409").</summary>
    public string Kind { get; }
}
