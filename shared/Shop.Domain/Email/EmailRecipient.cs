using System.Net.Mail;

namespace Shop.Domain.Email;

/// <summary>Who receives a message. The address is validated on construction.</summary>
public sealed record EmailRecipient
{
    public EmailRecipient(string address, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        if (!MailAddress.TryCreate(address.Trim(), out var parsed) || parsed.Address != address.Trim())
        {
            throw new ArgumentException($"'{address}' is not a valid email address.", nameof(address));
        }

        Address = parsed.Address;
        Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
    }

    public string Address { get; }

    public string? Name { get; }

    public override string ToString() => Name is null ? Address : $"{Name} <{Address}>";
}
