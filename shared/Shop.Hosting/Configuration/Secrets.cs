using System.Diagnostics.CodeAnalysis;

namespace Shop.Hosting.Configuration;

/// <summary>
/// Whether a secret setting holds a usable value. In Azure a secret is a Key Vault reference the platform resolves; when
/// the secret or the identity's access is missing, the app sees the reference text itself, which must count as no
/// secret at all (fail closed), never as a secret anyone could read from the app's configuration.
/// </summary>
public static class Secrets
{
    /// <summary>What an app setting holds when Azure could not resolve its Key Vault reference.</summary>
    public const string UnresolvedKeyVaultReference = "@Microsoft.KeyVault(";

    public static bool IsSet([NotNullWhen(true)] string? value) =>
        !string.IsNullOrWhiteSpace(value) && !IsUnresolvedReference(value);

    public static bool IsUnresolvedReference(string? value) =>
        value?.TrimStart().StartsWith(UnresolvedKeyVaultReference, StringComparison.OrdinalIgnoreCase) == true;
}
