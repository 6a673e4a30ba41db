using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Shop.Testing.Fakes;

/// <summary>
/// A local fake of the Stripe endpoints the adapter calls, checking what Stripe checks: the secret key
/// (<c>Authorization: Bearer</c>), form-encoded parameters, and idempotency keys (same key and parameters → the first
/// response again; different parameters → <c>idempotency_error</c>). It answers Stripe-shaped JSON, including card
/// errors (402), and can be told to fail the next requests with any status (429, 500, …).
/// </summary>
public sealed class FakeStripeApi : IAsyncDisposable
{
    public const string SecretKey = "sk_test_fake_51Hshop";


    private readonly ConcurrentDictionary<string, (string Fingerprint, int Status, string Body)> _idempotency = new();
    private readonly ConcurrentDictionary<string, JsonObject> _intents = new();
    private readonly ConcurrentDictionary<string, (string Card, string? Customer)> _cards = new();
    private readonly ConcurrentQueue<(int Status, string Body, string? RetryAfter)> _failures = new();
    private readonly ConcurrentDictionary<string, JsonObject> _disputes = new();
    private LocalHttpFake? _server;
    private int _sequence;

    public Uri BaseAddress => _server!.BaseAddress;

    /// <summary>Disputes updated through <c>POST /v1/disputes/{id}</c>, by id, as the fake answered them (evidence, submitted).</summary>
    public IReadOnlyDictionary<string, JsonObject> Disputes => _disputes;

    public IReadOnlyCollection<RecordedRequest> Requests => _server!.Requests;

    /// <summary>The capture deadline the fake reports on authorized charges.</summary>
    public static DateTimeOffset CaptureBeforeFor(long created) => DateTimeOffset.FromUnixTimeSeconds(created + (long)TimeSpan.FromDays(7).TotalSeconds);

    /// <summary>How long after it is made an authorization can be captured (a charge's <c>capture_before</c>); Stripe's is 7 days.</summary>
    public TimeSpan CaptureWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The shopper completes the PaymentIntent's 3-D Secure step: it becomes capturable (and its payment method is saved to
    /// its Customer if asked). Returns the PaymentIntent as a webhook event would carry it.
    /// </summary>
    public JsonObject CompleteAction(string intentId)
    {
        var intent = _intents[intentId];
        if (intent["status"]!.GetValue<string>() != "requires_action")
        {
            throw new InvalidOperationException($"{intentId} is {intent["status"]}, not requires_action.");
        }

        Authorize(intent, intent["amount"]!.GetValue<long>(), intent["currency"]!.GetValue<string>(), intent["created"]!.GetValue<long>(), expand: true);
        intent["next_action"] = null;
        return (JsonObject)intent.DeepClone();
    }

    public static async Task<FakeStripeApi> StartAsync()
    {
        var fake = new FakeStripeApi();
        fake._server = await LocalHttpFake.StartAsync(fake.HandleAsync);
        return fake;
    }

    /// <summary>The next request (after the key check) is answered with this status and a Stripe error body.</summary>
    public void FailNext(int status, string type = "api_error", string? code = null, string message = "Something went wrong.", string? retryAfter = null)
    {
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        if (code is not null)
        {
            error["code"] = code;
        }

        _failures.Enqueue((status, new JsonObject { ["error"] = error }.ToJsonString(), retryAfter));
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task HandleAsync(RecordedRequest request, HttpContext context)
    {
        var (status, body) = Answer(request);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["Request-Id"] = "req_" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
        await context.Response.WriteAsync(body);
    }

    private (int Status, string Body) Answer(RecordedRequest request)
    {
        if (request.Header("Authorization") != "Bearer " + SecretKey)
        {
            return Error(401, "invalid_request_error", null, $"Invalid API Key provided: {Mask(request.Header("Authorization"))}");
        }

        if (_failures.TryDequeue(out var failure))
        {
            return (failure.Status, failure.Body);
        }

        if (request.Method != "POST")
        {
            return Route(request);
        }

        if (!request.Header("Content-Type")!.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
        {
            return Error(400, "invalid_request_error", "parameter_invalid", "Stripe takes form-encoded parameters.");
        }

        var key = request.Header("Idempotency-Key");
        if (key is null)
        {
            return Route(request);
        }

        var fingerprint = request.Path + "?" + string.Join('&', request.Form.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value));
        if (_idempotency.TryGetValue(key, out var first))
        {
            return first.Fingerprint == fingerprint
                ? (first.Status, first.Body)
                : Error(400, "idempotency_error", null, $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.");
        }

        var answer = Route(request);
        _idempotency[key] = (fingerprint, answer.Status, answer.Body);
        return answer;
    }

    private (int Status, string Body) Route(RecordedRequest request)
    {
        var segments = request.Path.Trim('/').Split('/');
        return (request.Method, segments) switch
        {
            ("POST", ["v1", "customers"]) => CreateCustomer(request.Form),
            ("POST", ["v1", "payment_intents"]) => CreateIntent(request.Form),
            ("GET", ["v1", "payment_intents", var id]) => _intents.TryGetValue(id, out var found)
                ? (200, found.ToJsonString())
                : Error(404, "invalid_request_error", "resource_missing", $"No such payment_intent: '{id}'", param: "intent"),
            ("POST", ["v1", "payment_intents", var id, "capture"]) => Capture(id, request.Form),
            ("POST", ["v1", "payment_intents", var id, "cancel"]) => Cancel(id),
            ("POST", ["v1", "refunds"]) => Refund(request.Form),
            ("POST", ["v1", "disputes", var id]) => UpdateDispute(id, request.Form),
            _ => Error(404, "invalid_request_error", null, $"Unrecognized request URL ({request.Method}: {request.Path})."),
        };
    }

    private (int Status, string Body) CreateIntent(IReadOnlyDictionary<string, string> form)
    {
        foreach (var required in new[] { "amount", "currency", "payment_method" })
        {
            if (!form.ContainsKey(required))
            {
                return Error(400, "invalid_request_error", "parameter_missing", $"Missing required param: {required}.", param: required);
            }
        }

        var id = "pi_" + Guid.NewGuid().ToString("N")[..24];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var amount = long.Parse(form["amount"], CultureInfo.InvariantCulture);
        var intent = new JsonObject
        {
            ["id"] = id,
            ["object"] = "payment_intent",
            ["amount"] = amount,
            ["amount_capturable"] = 0,
            ["amount_received"] = 0,
            ["capture_method"] = form.GetValueOrDefault("capture_method", "automatic_async"),
            ["client_secret"] = id + "_secret_" + Guid.NewGuid().ToString("N")[..24],
            ["confirmation_method"] = "automatic",
            ["created"] = created,
            ["currency"] = form["currency"],
            ["livemode"] = false,
            ["metadata"] = Metadata(form),
            ["payment_method"] = "pm_" + Guid.NewGuid().ToString("N")[..24],
            ["payment_method_types"] = new JsonArray("card"),
            ["status"] = "requires_payment_method",
            ["latest_charge"] = null,
            ["next_action"] = null,
            ["last_payment_error"] = null,
            ["cancellation_reason"] = null,
        };

        // Stripe's rules for what the shop sends: a redirect-capable confirmation needs a return_url; an off-session
        // payment needs a payment method saved to the same Customer.
        if (form.GetValueOrDefault("confirm") == "true" && form.GetValueOrDefault("off_session") != "true"
            && form.GetValueOrDefault("automatic_payment_methods[enabled]") == "true"
            && form.GetValueOrDefault("automatic_payment_methods[allow_redirects]") != "never" && !form.ContainsKey("return_url"))
        {
            return Error(400, "invalid_request_error", "parameter_missing", "A return_url must be specified because this Payment Intent is configured to automatically accept the payment methods enabled in the Dashboard, some of which may require a full page redirect to succeed.", param: "return_url");
        }

        var customer = form.GetValueOrDefault("customer");
        intent["customer"] = customer;
        intent["setup_future_usage"] = form.GetValueOrDefault("setup_future_usage");
        var paymentMethod = form["payment_method"];
        var card = paymentMethod;
        if (paymentMethod.StartsWith("pm_card_", StringComparison.Ordinal))
        {
            intent["payment_method"] = "pm_" + Guid.NewGuid().ToString("N")[..24];
            _cards[intent["payment_method"]!.GetValue<string>()] = (paymentMethod, null);
        }
        else if (_cards.TryGetValue(paymentMethod, out var saved))
        {
            if (saved.Customer is null || saved.Customer != customer)
            {
                return Error(400, "invalid_request_error", "payment_method_not_attached", $"The PaymentMethod {paymentMethod} must be attached to the customer to be used off-session.", param: "payment_method");
            }

            card = saved.Card;
            intent["payment_method"] = paymentMethod;
        }

        var offSession = form.GetValueOrDefault("off_session") == "true";
        switch (card)
        {
            case "pm_card_visa" or "pm_card_mastercard":
                Authorize(intent, amount, form["currency"], created, expand: form.GetValueOrDefault("expand[0]") == "latest_charge");
                if (form.GetValueOrDefault("capture_method") != "manual")
                {
                    intent["status"] = "succeeded";
                }

                break;
            case "pm_card_authenticationRequired" when offSession:
                return CardError(intent, "authentication_required", "authentication_required", "Your card was declined. This transaction requires authentication.");
            case "pm_card_authenticationRequired":
                intent["status"] = "requires_action";
                intent["next_action"] = form.TryGetValue("return_url", out var returnUrl)
                    ? new JsonObject { ["type"] = "redirect_to_url", ["redirect_to_url"] = new JsonObject { ["url"] = $"https://hooks.stripe.com/3d_secure_2/authenticate/{id}", ["return_url"] = returnUrl } }
                    : new JsonObject { ["type"] = "use_stripe_sdk", ["use_stripe_sdk"] = new JsonObject { ["type"] = "three_d_secure_redirect" } };
                break;
            case "pm_card_chargeDeclined":
                return CardError(intent, "card_declined", "generic_decline", "Your card was declined.");
            case "pm_card_chargeDeclinedInsufficientFunds":
                return CardError(intent, "card_declined", "insufficient_funds", "Your card has insufficient funds.");
            case "pm_card_chargeDeclinedExpiredCard":
                return CardError(intent, "expired_card", "expired_card", "Your card has expired.");
            default:
                return Error(400, "invalid_request_error", "resource_missing", $"No such PaymentMethod: '{paymentMethod}'", param: "payment_method");
        }

        _intents[id] = intent;
        return (200, intent.ToJsonString());
    }

    /// <summary>The PaymentIntent holds the amount (requires_capture); its payment method is saved to its Customer when asked.</summary>
    private void Authorize(JsonObject intent, long amount, string currency, long created, bool expand)
    {
        var id = intent["id"]!.GetValue<string>();
        intent["status"] = "requires_capture";
        intent["amount_capturable"] = amount;
        var charge = Charge(id, amount, currency, created, captured: false);
        intent["latest_charge"] = expand ? charge : (JsonNode)charge["id"]!.GetValue<string>();
        var paymentMethod = intent["payment_method"]!.GetValue<string>();
        if (intent["setup_future_usage"]?.GetValue<string>() == "off_session" && intent["customer"]?.GetValue<string>() is { } customer && _cards.TryGetValue(paymentMethod, out var saved))
        {
            _cards[paymentMethod] = (saved.Card, customer);
        }
    }

    private (int Status, string Body) CreateCustomer(IReadOnlyDictionary<string, string> form)
    {
        var customer = new JsonObject
        {
            ["id"] = "cus_" + Guid.NewGuid().ToString("N")[..14],
            ["object"] = "customer",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["email"] = form.GetValueOrDefault("email"),
            ["livemode"] = false,
            ["metadata"] = Metadata(form),
        };
        return (200, customer.ToJsonString());
    }

    private (int Status, string Body) Capture(string id, IReadOnlyDictionary<string, string> form)
    {
        if (!_intents.TryGetValue(id, out var intent))
        {
            return Error(404, "invalid_request_error", "resource_missing", $"No such payment_intent: '{id}'", param: "intent");
        }

        if (intent["status"]!.GetValue<string>() != "requires_capture")
        {
            return Error(400, "invalid_request_error", "payment_intent_unexpected_state", $"This PaymentIntent could not be captured because it has a status of {intent["status"]}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.");
        }

        var capturable = intent["amount_capturable"]!.GetValue<long>();
        var amount = form.TryGetValue("amount_to_capture", out var value) ? long.Parse(value, CultureInfo.InvariantCulture) : capturable;
        if (amount > capturable)
        {
            return Error(400, "invalid_request_error", "amount_too_large", "The amount to capture is larger than the amount capturable.", param: "amount_to_capture");
        }

        intent["status"] = "succeeded";
        intent["amount_received"] = amount;
        intent["amount_capturable"] = 0;
        intent["latest_charge"] = "ch_" + id[3..];
        return (200, intent.ToJsonString());
    }

    private (int Status, string Body) Cancel(string id)
    {
        if (!_intents.TryGetValue(id, out var intent))
        {
            return Error(404, "invalid_request_error", "resource_missing", $"No such payment_intent: '{id}'", param: "intent");
        }

        if (intent["status"]!.GetValue<string>() is "succeeded" or "canceled")
        {
            return Error(400, "invalid_request_error", "payment_intent_unexpected_state", $"You cannot cancel this PaymentIntent because it has a status of {intent["status"]}.");
        }

        intent["status"] = "canceled";
        intent["amount_capturable"] = 0;
        intent["cancellation_reason"] = "requested_by_customer";
        intent["canceled_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return (200, intent.ToJsonString());
    }

    /// <summary>
    /// Stripe's dispute update: <c>evidence[...]</c> fields are kept, <c>submit=true</c> submits them (the dispute goes
    /// <c>under_review</c>, and a submitted dispute takes no more evidence). Any <c>dp_</c> id is a dispute here.
    /// </summary>
    private (int Status, string Body) UpdateDispute(string id, IReadOnlyDictionary<string, string> form)
    {
        if (!id.StartsWith("dp_", StringComparison.Ordinal))
        {
            return Error(404, "invalid_request_error", "resource_missing", $"No such dispute: '{id}'", param: "dispute");
        }

        var dispute = _disputes.GetOrAdd(id, _ => new JsonObject
        {
            ["id"] = id,
            ["object"] = "dispute",
            ["status"] = "needs_response",
            ["evidence"] = new JsonObject(),
            ["evidence_details"] = new JsonObject { ["submission_count"] = 0 },
            ["metadata"] = new JsonObject(),
        });
        if (dispute["status"]!.GetValue<string>() == "under_review")
        {
            return Error(400, "invalid_request_error", null, "This dispute is already closed to evidence: it was submitted.");
        }

        var evidence = dispute["evidence"]!.AsObject();
        foreach (var (key, value) in form.Where(f => f.Key.StartsWith("evidence[", StringComparison.Ordinal)))
        {
            evidence[key["evidence[".Length..^1]] = value;
        }

        foreach (var (key, value) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            dispute["metadata"]![key["metadata[".Length..^1]] = value;
        }

        if (form.GetValueOrDefault("submit") == "true")
        {
            dispute["status"] = "under_review";
            dispute["evidence_details"]!["submission_count"] = 1;
        }

        return (200, dispute.ToJsonString());
    }

    private (int Status, string Body) Refund(IReadOnlyDictionary<string, string> form)
    {
        if (!form.TryGetValue("payment_intent", out var id) || !_intents.TryGetValue(id, out var intent))
        {
            return Error(404, "invalid_request_error", "resource_missing", $"No such payment_intent: '{id}'", param: "payment_intent");
        }

        if (intent["status"]!.GetValue<string>() != "succeeded")
        {
            return Error(400, "invalid_request_error", "charge_not_refundable", "This PaymentIntent does not have a successful charge to refund.");
        }

        var amount = form.TryGetValue("amount", out var value) ? long.Parse(value, CultureInfo.InvariantCulture) : intent["amount_received"]!.GetValue<long>();
        var refund = new JsonObject
        {
            ["id"] = "re_" + Guid.NewGuid().ToString("N")[..24],
            ["object"] = "refund",
            ["amount"] = amount,
            ["currency"] = intent["currency"]!.GetValue<string>(),
            ["charge"] = "ch_" + id[3..],
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["metadata"] = new JsonObject(),
            ["payment_intent"] = id,
            ["reason"] = form.GetValueOrDefault("reason"),
            ["status"] = "succeeded",
        };
        return (200, refund.ToJsonString());
    }

    private static (int Status, string Body) CardError(JsonObject intent, string code, string declineCode, string message)
    {
        var error = new JsonObject
        {
            ["type"] = "card_error",
            ["code"] = code,
            ["decline_code"] = declineCode,
            ["message"] = message,
            ["charge"] = "ch_" + intent["id"]!.GetValue<string>()[3..],
            ["doc_url"] = "https://stripe.com/docs/error-codes/" + code.Replace('_', '-'),
        };
        intent["last_payment_error"] = error.DeepClone();
        error["payment_intent"] = intent;
        return (402, new JsonObject { ["error"] = error }.ToJsonString());
    }

    private JsonObject Charge(string intentId, long amount, string currency, long created, bool captured) => new()
    {
        ["id"] = "ch_" + intentId[3..],
        ["object"] = "charge",
        ["amount"] = amount,
        ["amount_captured"] = captured ? amount : 0,
        ["amount_refunded"] = 0,
        ["captured"] = captured,
        ["created"] = created,
        ["currency"] = currency,
        ["paid"] = true,
        ["status"] = "succeeded",
        ["payment_intent"] = intentId,
        ["metadata"] = new JsonObject(),
        ["payment_method_details"] = new JsonObject
        {
            ["type"] = "card",
            ["card"] = new JsonObject
            {
                ["brand"] = "visa",
                ["last4"] = "4242",
                ["exp_month"] = 12,
                ["exp_year"] = 2034,
                ["capture_before"] = created + (long)CaptureWindow.TotalSeconds,
            },
        },
    };

    private static JsonObject Metadata(IReadOnlyDictionary<string, string> form)
    {
        var metadata = new JsonObject();
        foreach (var (key, value) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            metadata[key["metadata[".Length..^1]] = value;
        }

        return metadata;
    }

    private static (int Status, string Body) Error(int status, string type, string? code, string message, string? param = null)
    {
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        if (code is not null)
        {
            error["code"] = code;
        }

        if (param is not null)
        {
            error["param"] = param;
        }

        return (status, new JsonObject { ["error"] = error }.ToJsonString(new JsonSerializerOptions()));
    }

    private static string Mask(string? authorization) =>
        authorization is { Length: > 11 } a ? a[7..11] + "*********" + a[^4..] : "(none)";
}
