namespace Shop.Infrastructure.Email;

/// <summary>Keeps customers' addresses out of logs.</summary>
internal static class EmailAddresses
{
    /// <summary><c>jane.doe@example.com</c> → <c>j***@example.com</c>.</summary>
    public static string Mask(string address)
    {
        var at = address.LastIndexOf('@');
        return at <= 0 ? "***" : address[0] + "***" + address[at..];
    }
}
