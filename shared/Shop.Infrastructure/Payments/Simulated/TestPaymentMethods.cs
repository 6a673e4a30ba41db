using System.Globalization;
using System.Text.RegularExpressions;

namespace Shop.Infrastructure.Payments.Simulated;

/// <summary>
/// The payment methods the simulated gateway knows: Stripe's test-mode payment methods, which behave as in Stripe
/// test mode, plus <see cref="TransientFailure"/> for exercising retries. Any other value is refused as Stripe
/// refuses an unknown payment method (<c>resource_missing</c>).
/// </summary>
public static partial class TestPaymentMethods
{
    /// <summary>Authorizes.</summary>
    public const string Visa = "pm_card_visa";

    /// <summary>Authorizes.</summary>
    public const string Mastercard = "pm_card_mastercard";

    /// <summary>Authorizes.</summary>
    public const string Amex = "pm_card_amex";

    /// <summary>Declines: <c>card_declined</c> / <c>generic_decline</c>.</summary>
    public const string ChargeDeclined = "pm_card_chargeDeclined";

    /// <summary>Declines: <c>card_declined</c> / <c>insufficient_funds</c>.</summary>
    public const string ChargeDeclinedInsufficientFunds = "pm_card_chargeDeclinedInsufficientFunds";

    /// <summary>Declines: <c>expired_card</c> / <c>expired_card</c>.</summary>
    public const string ChargeDeclinedExpiredCard = "pm_card_chargeDeclinedExpiredCard";

    /// <summary>Declines: <c>incorrect_cvc</c> / <c>incorrect_cvc</c>.</summary>
    public const string ChargeDeclinedIncorrectCvc = "pm_card_chargeDeclinedIncorrectCvc";

    /// <summary>Declines: <c>card_declined</c> / <c>fraudulent</c>.</summary>
    public const string ChargeDeclinedFraudulent = "pm_card_chargeDeclinedFraudulent";

    /// <summary>
    /// Requires 3-D Secure: the authorization returns RequiresAction; the customer's action is completed with
    /// <see cref="SimulatedPaymentGateway.CompleteActionAsync"/> (dev endpoint
    /// <c>POST /api/dev/payments/{paymentId}/complete-action</c>), which raises the payment event.
    /// </summary>
    public const string AuthenticationRequired = "pm_card_authenticationRequired";

    /// <summary>
    /// Not a Stripe method: <c>pm_card_transientFailure_{N}</c> fails transiently (as a Stripe 503 would) the first
    /// N times it is tried with one idempotency key, then authorizes like <see cref="Visa"/>.
    /// </summary>
    public const string TransientFailurePrefix = "pm_card_transientFailure_";

    /// <summary><c>pm_card_transientFailure_{failures}</c>.</summary>
    public static string TransientFailure(int failures) => TransientFailurePrefix + failures.ToString(CultureInfo.InvariantCulture);

    internal static SimulatedCardBehaviour? Behaviour(string paymentMethod)
    {
        switch (paymentMethod)
        {
            case Visa or Mastercard or Amex:
                return new SimulatedCardBehaviour(SimulatedCardOutcome.Authorize);
            case ChargeDeclined:
                return Decline("Your card was declined.", "card_declined", "generic_decline");
            case ChargeDeclinedInsufficientFunds:
                return Decline("Your card has insufficient funds.", "card_declined", "insufficient_funds");
            case ChargeDeclinedExpiredCard:
                return Decline("Your card has expired.", "expired_card", "expired_card");
            case ChargeDeclinedIncorrectCvc:
                return Decline("Your card's security code is incorrect.", "incorrect_cvc", "incorrect_cvc");
            case ChargeDeclinedFraudulent:
                return Decline("Your card was declined.", "card_declined", "fraudulent");
            case AuthenticationRequired:
                return new SimulatedCardBehaviour(SimulatedCardOutcome.RequireAction);
        }

        var match = TransientPattern().Match(paymentMethod);
        return match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var failures)
            ? new SimulatedCardBehaviour(SimulatedCardOutcome.Authorize, TransientFailures: failures)
            : null;
    }

    private static SimulatedCardBehaviour Decline(string message, string code, string declineCode) =>
        new(SimulatedCardOutcome.Decline, message, code, declineCode);

    [GeneratedRegex("^pm_card_transientFailure_([0-9]{1,3})$")]
    private static partial Regex TransientPattern();
}

internal enum SimulatedCardOutcome
{
    Authorize,
    Decline,
    RequireAction,
}

internal sealed record SimulatedCardBehaviour(SimulatedCardOutcome Outcome, string? Message = null, string? Code = null, string? DeclineCode = null, int TransientFailures = 0);
