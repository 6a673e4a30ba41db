using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Shop.Domain.Common;
using Shop.Hosting.Http;

namespace Shop.Infrastructure;

/// <summary>A refused email link (<see cref="SignedLinkException"/>) is a 403: the caller holds no valid permission, whatever the body says.</summary>
internal sealed class SignedLinkProblemMapper : IProblemMapper
{
    public ProblemDetails? TryMap(Exception exception) => exception is SignedLinkException e
        ? new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = e.Expired ? "The link has expired" : "The link is not valid", Detail = e.Message }
        : null;
}
