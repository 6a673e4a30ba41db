using Shop.Functions.Tests.Reviews;

namespace Shop.Functions.Tests.Marketing;

/// <summary>Cart reminders an hour apart: a test drives each with the admin trigger (<c>POST /api/admin/jobs/abandoned-carts/{cartId}</c>).</summary>
public class CartReminderAppFactory : ReviewAppFactory
{
    public CartReminderAppFactory()
        : this("01:00:00", "1.00:00:00")
    {
    }

    protected CartReminderAppFactory(string inactiveFor, string secondAfter)
    {
        Settings["AbandonedCarts__InactiveFor"] = inactiveFor;
        Settings["AbandonedCarts__SecondReminderAfter"] = secondAfter;
    }
}

/// <summary>Cart reminders on the clock, seconds apart: after 2 s without a change, then 1 s later.</summary>
public sealed class QuickCartReminderAppFactory() : CartReminderAppFactory("00:00:02", "00:00:01");
