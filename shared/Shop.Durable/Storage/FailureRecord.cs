namespace Shop.Durable;

/// <summary>Why an activity, sub-orchestration or orchestration failed: the exception's type, message, stack and inner failure.</summary>
internal sealed record FailureRecord(string ErrorType, string ErrorMessage, string? StackTrace = null, FailureRecord? InnerFailure = null)
{
    /// <summary>The details of <paramref name="exception"/> (and its inner exceptions).</summary>
    public static FailureRecord FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new FailureRecord(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is { } inner ? FromException(inner) : null);
    }

    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}
