using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Shop.Hosting.Functions;

namespace Shop.Hosting.Http;

/// <summary>
/// What every HTTP function goes through before its body is read, on both hosts: the request-size limit (413) and the
/// function's credentials (<see cref="FunctionAuthorization"/>).
/// </summary>
public static class HttpFunctionGate
{
    public static void Enter(HttpContext context, HttpTrigger trigger, long maxRequestBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(trigger);
        if (context.Request.ContentLength > maxRequestBodyBytes)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxRequestBodyBytes;
        }

        // Credentials before anything reads the body: an anonymous admin call gets 401 whatever it sent.
        FunctionAuthorization.Check(context, trigger.Auth);
    }
}
