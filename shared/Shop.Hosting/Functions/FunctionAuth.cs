namespace Shop.Hosting.Functions;

/// <summary>Who may call an HTTP function.</summary>
public enum FunctionAuth
{
    /// <summary>Anyone: the storefront's calls.</summary>
    Anonymous,

    /// <summary>
    /// Operators only: the caller must send the admin key (setting <c>Admin__ApiKey</c>) in the
    /// <c>X-Admin-Key</c> header. The app checks it itself, so the rule is the same locally and in Azure.
    /// </summary>
    Admin,

    /// <summary>Served only when the app runs in the Development environment (404 elsewhere).</summary>
    Development,
}
