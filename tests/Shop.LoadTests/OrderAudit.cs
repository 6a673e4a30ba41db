using System.Diagnostics;
using System.Text.Json;

namespace Shop.LoadTests;

/// <summary>
/// After a chaos run: waits for every order to settle (its end state reached and its workflow done with it), reads what
/// the simulated gateway and the email outbox hold for each, and checks each order against what its end state allows.
/// </summary>
internal static class OrderAudit
{
    /// <summary>The end states of an order (the API's spelling): shipped ones wait for a carrier that the run does not send.</summary>
    public static readonly string[] EndStates = ["delivered", "shipped", "cancelled", "rejected", "payment_failed"];

    /// <summary>Every order in the store (the admin listing of the last week; the run's Azurite is its own).</summary>
    public static async Task<List<string>> ListOrdersAsync(ShopClient shop, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            var page = await shop.ListOrdersAsync(token, cancellationToken);
            ids.AddRange(page.Items.Select(o => o.OrderId));
            token = page.ContinuationToken;
        }
        while (token is not null);

        return ids;
    }

    /// <summary>
    /// Reads every order until it has settled or <paramref name="drain"/> has passed; returns each order's last view
    /// and how long the last one took to settle.
    /// </summary>
    public static async Task<(Dictionary<string, AdminOrderView> Views, TimeSpan Settled)> DrainAsync(ShopClient shop, IEnumerable<string> orderIds, TimeSpan drain, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var views = new Dictionary<string, AdminOrderView>(StringComparer.Ordinal);
        var pending = orderIds.ToList();
        while (true)
        {
            var read = await ReadAllAsync(pending, id => shop.GetAdminOrderAsync(id, cancellationToken), cancellationToken);
            foreach (var (id, view) in read)
            {
                views[id] = view;
            }

            pending = pending.Where(id => !IsSettled(views[id])).ToList();
            if (pending.Count == 0 || clock.Elapsed > drain)
            {
                return (views, clock.Elapsed);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>What the simulated gateway (GET /api/dev/payments) and the email outbox (<paramref name="outbox"/>, by order) hold for each order.</summary>
    public static async Task<List<OrderFacts>> ReadFactsAsync(ShopClient shop, IReadOnlyDictionary<string, AdminOrderView> views, IReadOnlyDictionary<string, ChaosStory> stories, IReadOnlyDictionary<string, List<OutboxItem>> outbox, CancellationToken cancellationToken)
    {
        var payments = await ReadAllAsync(views.Keys, id => shop.GetPaymentsAsync(id, cancellationToken), cancellationToken);
        return views.Select(v => new OrderFacts(v.Key, v.Value, payments[v.Key], outbox.GetValueOrDefault(v.Key) ?? [], stories.TryGetValue(v.Key, out var story) ? story : null)).ToList();
    }

    /// <summary>The outbox as the listing read it, against GET /api/dev/outbox?orderId= for <paramref name="sample"/> orders spread over the run.</summary>
    public static async Task<ChaosCheck> CompareOutboxAsync(ShopClient shop, IReadOnlyList<OrderFacts> orders, int sample, CancellationToken cancellationToken)
    {
        var compared = orders.Where((_, i) => i % Math.Max(1, orders.Count / sample) == 0).Take(sample).ToList();
        var listed = await ReadAllAsync(compared.Select(o => o.OrderId), id => shop.GetOutboxAsync(id, cancellationToken), cancellationToken);
        static string Ids(IEnumerable<OutboxItem> items) => string.Join(", ", items.Select(e => $"{e.Template} {e.Id}").Order(StringComparer.Ordinal));
        return new($"the outbox read from its container = GET /api/dev/outbox?orderId= ({compared.Count} orders compared)", Broken(compared, o =>
            Ids(o.Emails) == Ids(listed[o.OrderId]) ? null : $"listing [{Ids(o.Emails)}], endpoint [{Ids(listed[o.OrderId])}]"));
    }

    /// <summary>Every check, with the orders that break it (each with its evidence).</summary>
    public static IReadOnlyList<ChaosCheck> Check(IReadOnlyList<OrderFacts> orders, IReadOnlyDictionary<string, ChaosStory> stories)
    {
        var inStore = orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        return
        [
            new("every order in an end state (delivered, shipped, cancelled, rejected, payment_failed), its workflow done with it", Broken(orders, o =>
                IsSettled(o.View) ? null : $"{o.Status}; workflow {o.View.Workflow?.RuntimeStatus ?? "none"} {o.View.Workflow?.CustomStatus} {o.View.Workflow?.Failure}")),
            new("every order ended as its shopper's story calls for", Broken(orders, o =>
                o.Story is not { } story || o.Status == ChaosStories.ExpectedEnd(story) ? null : $"{story} ended {o.Status} ({o.View.Order.Reason}), expected {ChaosStories.ExpectedEnd(story)}")),
            new("every order in the store known to the shopper who placed it (no checkout placed twice)", Broken(orders, o =>
                o.Story is null ? $"{o.Status}, placed {o.Stamp("placed"):O}: no shopper got this id" : null)),
            new("every order a shopper got an id for is in the store", stories.Keys.Where(id => !inStore.Contains(id)).Select(id => $"{id}: not listed").ToList()),
            new("exactly one successful authorization per confirmed-or-later order, none for an order never confirmed", Broken(orders, o =>
                o.Authorizations.Count == (o.Stamp("confirmed") is null ? 0 : 1) ? null : $"{o.Authorizations.Count} authorizations ({Keys(o.Authorizations)}); confirmed: {(o.Stamp("confirmed") is null ? "never" : "yes")}; {o.Status}")),
            new("at most one capture per order", Broken(orders, o =>
                o.Captures.Count <= 1 ? null : $"{o.Captures.Count} captures ({Keys(o.Captures)}); {o.Status}")),
            new("captured if and only if shipped; no authorization left open at the end", Broken(orders, o =>
            {
                var shipped = o.Stamp("shipped") is not null;
                var open = o.Payments.Payments.Where(p => p.Status is "requires_capture" or "requires_action").ToList();
                return o.Captures.Count == (shipped ? 1 : 0) && open.Count == 0
                    ? null
                    : $"{o.Status}, shipped: {shipped}, {o.Captures.Count} captures, open payments: {string.Join(", ", open.Select(p => $"{p.PaymentId} {p.Status}"))}";
            })),
            new("no email twice (at most one outbox message per order and template)", Broken(orders, o =>
                o.Emails.GroupBy(e => e.Template, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key} ×{g.Count()} ({string.Join(", ", g.Select(e => e.Id))})").ToList() is { Count: > 0 } twice
                    ? string.Join("; ", twice)
                    : null)),
            new("every email the order's end calls for, and no other", Broken(orders, o =>
            {
                var expected = ExpectedEmails(o);
                var sent = o.Emails.Select(e => e.Template).ToHashSet(StringComparer.Ordinal);
                var missing = expected.Except(sent).ToList();
                var extra = sent.Except(expected).ToList();
                return missing.Count == 0 && extra.Count == 0 ? null : $"{o.Status}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}]";
            })),
        ];
    }

    /// <summary>Settled: in an end state, and the workflow has finished (or, shipped, waits for the carrier): its emails and payment steps are done.</summary>
    public static bool IsSettled(AdminOrderView view)
    {
        var step = Step(view.Workflow?.CustomStatus);
        return view.Order.Status switch
        {
            "shipped" => step == "in_transit",
            "delivered" or "cancelled" or "rejected" or "payment_failed" => view.Workflow?.RuntimeStatus == "Completed",
            _ => false,
        };
    }

    /// <summary>The emails an order's end calls for (templates as the outbox names them), from its status and its timeline.</summary>
    private static HashSet<string> ExpectedEmails(OrderFacts o)
    {
        var confirmed = o.Stamp("confirmed") is not null;
        var outForDelivery = o.Stamp("out_for_delivery") is not null;
        string[] expected = o.Status switch
        {
            "delivered" => outForDelivery ? ["orderConfirmed", "shipped", "outForDelivery", "delivered"] : ["orderConfirmed", "shipped", "delivered"],
            "shipped" => ["orderConfirmed", "shipped"],
            "cancelled" => confirmed ? ["orderConfirmed", "orderCancelled"] : ["orderCancelled"],
            "payment_failed" => ["paymentFailed"],
            "rejected" => ["orderRejected"],
            _ => [],
        };
        return expected.ToHashSet(StringComparer.Ordinal);
    }

    private static string? Step(string? customStatus)
    {
        if (string.IsNullOrEmpty(customStatus))
        {
            return null;
        }

        using var json = JsonDocument.Parse(customStatus);
        return json.RootElement.TryGetProperty("step", out var step) ? step.GetString() : null;
    }

    private static List<string> Broken(IEnumerable<OrderFacts> orders, Func<OrderFacts, string?> violation) =>
        orders.Select(o => violation(o) is { } why ? $"{o.OrderId}: {why}" : null).OfType<string>().ToList();

    private static string Keys(IEnumerable<LedgerItem> entries) => string.Join(", ", entries.Select(e => $"{e.PaymentId} key {e.IdempotencyKey}"));

    /// <summary>Reads for every id, four at a time (the emulator is single-threaded; more only queues).</summary>
    private static async Task<Dictionary<string, T>> ReadAllAsync<T>(IEnumerable<string> ids, Func<string, Task<T>> read, CancellationToken cancellationToken)
    {
        var results = new System.Collections.Concurrent.ConcurrentDictionary<string, T>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (id, _) => results[id] = await read(id));
        return new Dictionary<string, T>(results, StringComparer.Ordinal);
    }
}

/// <summary>One order after a chaos run: its view with the workflow's status, the simulated gateway's payments and ledger, its outbox messages, and the story it was placed for (null: no shopper got its id).</summary>
internal sealed record OrderFacts(string OrderId, AdminOrderView View, PaymentsView Payments, List<OutboxItem> Emails, ChaosStory? Story)
{
    public string Status => View.Order.Status;

    /// <summary>Successful authorizations in the gateway's ledger.</summary>
    public List<LedgerItem> Authorizations => Payments.Ledger.Where(e => e.Kind == "authorization" && e.Outcome == "authorized").ToList();

    /// <summary>Successful captures in the gateway's ledger.</summary>
    public List<LedgerItem> Captures => Payments.Ledger.Where(e => e.Kind == "capture" && e.Outcome == "succeeded").ToList();

    /// <summary>When the order's timeline first reached <paramref name="step"/>, or null.</summary>
    public DateTimeOffset? Stamp(string step) => View.Order.Timeline.FirstOrDefault(e => e.Step == step)?.At;
}

/// <summary>A check of the chaos run and the orders that break it (each "order id: evidence"); none is a pass.</summary>
internal sealed record ChaosCheck(string Name, IReadOnlyList<string> Violations);
