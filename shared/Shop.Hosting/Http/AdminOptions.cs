namespace Shop.Hosting.Http;

/// <summary>Credentials for the admin API (setting section <c>Admin</c>).</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>The header that carries the admin key.</summary>
    public const string HeaderName = "X-Admin-Key";

    /// <summary>The key operators send in <c>X-Admin-Key</c> (setting <c>Admin__ApiKey</c>; a Key Vault reference in Azure).</summary>
    public string? ApiKey { get; set; }
}
