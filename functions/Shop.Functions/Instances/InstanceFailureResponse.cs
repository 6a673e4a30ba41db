using Microsoft.DurableTask;

namespace Shop.Functions.Instances;

/// <summary>Why an instance or one of its calls failed: the exception's type and message, and the failure inside it.</summary>
public sealed record InstanceFailureResponse(string ErrorType, string ErrorMessage, string? StackTrace, InstanceFailureResponse? InnerFailure)
{
    internal static InstanceFailureResponse? From(TaskFailureDetails? failure) => failure is null
        ? null
        : new(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, From(failure.InnerFailure));

    internal static InstanceFailureResponse? From(global::DurableTask.Core.FailureDetails? failure) => failure is null
        ? null
        : new(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, From(failure.InnerFailure));
}
