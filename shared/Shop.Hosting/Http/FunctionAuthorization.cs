using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Shop.Hosting.Configuration;
using Shop.Hosting.Functions;

namespace Shop.Hosting.Http;

/// <summary>
/// Enforces a function's <see cref="FunctionAuth"/> before its handler binds anything: admin functions need
/// the admin key (none sent → 401, a wrong one → 403); development functions exist only in Development.
/// </summary>
public static class FunctionAuthorization
{
    public static void Check(HttpContext context, FunctionAuth auth)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.RequestServices;
        switch (auth)
        {
            case FunctionAuth.Development when !services.GetRequiredService<IHostEnvironment>().IsDevelopment():
                throw ProblemException.NotFound("This endpoint exists only in the Development environment.");
            case FunctionAuth.Admin:
                var presented = context.Request.Headers[AdminOptions.HeaderName].ToString();
                if (presented.Length == 0)
                {
                    context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{AdminOptions.HeaderName}\"";
                    throw new ProblemException(StatusCodes.Status401Unauthorized, "Admin credentials required", $"Send the admin key in the {AdminOptions.HeaderName} header.");
                }

                var expected = services.GetRequiredService<IOptionsMonitor<AdminOptions>>().CurrentValue.ApiKey;
                // An unresolved Key Vault reference is no key: fail closed.
                if (!Secrets.IsSet(expected) || !KeysMatch(presented, expected))
                {
                    throw new ProblemException(StatusCodes.Status403Forbidden, "Forbidden", "The admin key is not valid.");
                }

                break;
        }
    }

    private static bool KeysMatch(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
