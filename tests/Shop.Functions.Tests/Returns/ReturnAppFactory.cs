using Shop.Functions.Tests.Orders;
using Shop.Testing;

namespace Shop.Functions.Tests.Returns;

/// <summary>The order app with a returns table, photo container and disputes table of its own, and the return token secret tests sign with.</summary>
public class ReturnAppFactory : OrderAppFactory
{
    public const string TokenSecret = "test-return-token-secret";

    public ReturnAppFactory()
        : this(new Dictionary<string, string>())
    {
    }

    protected ReturnAppFactory(IReadOnlyDictionary<string, string> timings)
    {
        var p = AzuriteFixture.UniqueName("r");
        Settings["Returns__Table"] = p + "returns";
        Settings["Returns__PhotosContainer"] = p + "-photos";
        Settings["Disputes__Table"] = p + "disputes";
        Settings["Returns__TokenSecret"] = TokenSecret;
        foreach (var (key, value) in timings)
        {
            Settings[key] = value;
        }
    }
}

/// <summary>Short return waits: a reminder after 2 s, expiry after 5 s (parcels, approvals), and inspections alerted at once.</summary>
public sealed class ShortReturnTimingsAppFactory() : ReturnAppFactory(new Dictionary<string, string>
{
    ["Returns__ParcelReminder"] = "00:00:02",
    ["Returns__ParcelTimeout"] = "00:00:05",
    ["Returns__ApprovalReminder"] = "00:00:02",
    ["Returns__ApprovalTimeout"] = "00:00:05",
    ["Returns__InspectionAlertLead"] = "30.00:00:00",
});
