namespace Shop.Durable;

/// <summary>Why an activity, sub-orchestration or orchestration failed: the exception's type, message, stack and inner failure.</summary>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace = null, TaskFailureDetails? InnerFailure = null)
{
    /// <summary>True when the failure (or an inner one) was an exception of type <typeparamref name="T"/> or a subclass.</summary>
    public bool IsCausedBy<T>()
        where T : Exception
    {
        for (var type = Type.GetType(ErrorType, throwOnError: false); type is not null; type = type.BaseType)
        {
            if (type == typeof(T))
            {
                return true;
            }
        }

        return string.Equals(ErrorType, typeof(T).FullName, StringComparison.Ordinal) || (InnerFailure?.IsCausedBy<T>() ?? false);
    }

    /// <summary>The details of <paramref name="exception"/> (and its inner exceptions).</summary>
    public static TaskFailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is TaskFailedException failed)
        {
            return new TaskFailureDetails(exception.GetType().FullName!, exception.Message, exception.StackTrace, failed.FailureDetails);
        }

        return new TaskFailureDetails(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is { } inner ? FromException(inner) : null);
    }

    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}
