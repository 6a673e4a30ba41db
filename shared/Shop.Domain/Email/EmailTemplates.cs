namespace Shop.Domain.Email;

/// <summary>
/// The shop's message templates (see <see cref="EmailTemplateDefinition"/> for the syntax). HTML bodies are placed
/// inside <see cref="HtmlLayout"/>, text bodies inside <see cref="TextLayout"/>.
/// </summary>
public static class EmailTemplates
{
    /// <summary>The HTML frame around every body: <c>{{@body}}</c> marks where the body goes.</summary>
    public const string HtmlLayout = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{Subject}}</title></head>
        <body style="margin:0;padding:0;background:#f4f4f5;font-family:Helvetica,Arial,sans-serif;color:#18181b;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px;">
        <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="background:#ffffff;border-radius:8px;">
        <tr><td style="padding:24px 32px;border-bottom:1px solid #e4e4e7;font-size:20px;font-weight:bold;">{{Shop.Name}}</td></tr>
        <tr><td style="padding:24px 32px;font-size:15px;line-height:1.5;">
        {{@body}}
        </td></tr>
        <tr><td style="padding:16px 32px;border-top:1px solid #e4e4e7;font-size:12px;color:#71717a;">Questions? Write to <a href="mailto:{{Shop.SupportAddress}}">{{Shop.SupportAddress}}</a>.</td></tr>
        </table>
        </td></tr></table>
        </body>
        </html>
        """;

    /// <summary>The plain-text frame around every body.</summary>
    public const string TextLayout = """
        {{Shop.Name}}
        ============

        {{@body}}

        --
        Questions? Write to {{Shop.SupportAddress}}.
        """;

    private const string LinesTableHtml = """
        <table role="presentation" width="100%" cellpadding="6" cellspacing="0" style="border-collapse:collapse;margin:16px 0;">
        <tr style="background:#f4f4f5;text-align:left;"><th>Item</th><th>Qty</th><th style="text-align:right;">Price</th><th style="text-align:right;">Total</th></tr>
        {{#each Lines}}<tr style="border-bottom:1px solid #e4e4e7;"><td>{{Name}} <span style="color:#71717a;">({{Sku}})</span></td><td>{{Quantity}}</td><td style="text-align:right;">{{UnitPrice}}</td><td style="text-align:right;">{{LineTotal}}</td></tr>
        {{/each}}</table>
        """;

    private const string LinesText = """
        {{#each Lines}}- {{Quantity}} x {{Name}} ({{Sku}}) at {{UnitPrice}} = {{LineTotal}}
        {{/each}}
        """;

    private static readonly Dictionary<EmailTemplate, EmailTemplateDefinition> Definitions = new EmailTemplateDefinition[]
    {
        new(
            EmailTemplate.OrderConfirmed,
            typeof(OrderConfirmedEmail),
            "Your {{Shop.Name}} order {{OrderId}} is confirmed",
            $$$"""
            <p>Hi {{CustomerName}},</p>
            <p>Thank you for your order. We have reserved your items and authorized {{Total}} on your card; you are charged only when the parcel ships.</p>
            <p><strong>Order {{OrderId}}</strong></p>
            {{{LinesTableHtml}}}
            <table role="presentation" width="100%" cellpadding="4" cellspacing="0">
            <tr><td>Subtotal</td><td style="text-align:right;">{{Subtotal}}</td></tr>
            <tr><td>Shipping</td><td style="text-align:right;">{{Shipping}}</td></tr>
            <tr><td>Tax</td><td style="text-align:right;">{{Tax}}</td></tr>
            <tr><td><strong>Total</strong></td><td style="text-align:right;"><strong>{{Total}}</strong></td></tr>
            </table>
            <p>Shipping to: {{ShippingAddress}}</p>
            <p><a href="{{OrderStatusUrl}}">Follow your order</a></p>
            """,
            $$$"""
            Hi {{CustomerName}},

            Thank you for your order. We have reserved your items and authorized {{Total}} on your card; you are charged only when the parcel ships.

            Order {{OrderId}}
            {{{LinesText}}}
            Subtotal: {{Subtotal}}
            Shipping: {{Shipping}}
            Tax: {{Tax}}
            Total: {{Total}}

            Shipping to: {{ShippingAddress}}

            Follow your order: {{OrderStatusUrl}}
            """),
        new(
            EmailTemplate.PaymentFailed,
            typeof(PaymentFailedEmail),
            "We could not take payment for order {{OrderId}}",
            """
            <p>Hi {{CustomerName}},</p>
            <p>Your payment of {{Total}} for order <strong>{{OrderId}}</strong> did not go through: {{Reason}}</p>
            <p>You have not been charged, and the items we reserved are released.</p>
            {{#if RetryUrl}}<p><a href="{{RetryUrl}}">Try again with another card</a></p>{{/if}}
            """,
            """
            Hi {{CustomerName}},

            Your payment of {{Total}} for order {{OrderId}} did not go through: {{Reason}}

            You have not been charged, and the items we reserved are released.
            {{#if RetryUrl}}
            Try again with another card: {{RetryUrl}}
            {{/if}}
            """),
        new(
            EmailTemplate.OrderRejected,
            typeof(OrderRejectedEmail),
            "We could not accept order {{OrderId}}",
            """
            <p>Hi {{CustomerName}},</p>
            {{#if IsOutOfStock}}<p>We are sorry: some items in order <strong>{{OrderId}}</strong> sold out before we could reserve them.</p>{{else}}<p>We are sorry: order <strong>{{OrderId}}</strong> could not be accepted.</p>{{/if}}
            <ul>{{#each Reasons}}<li>{{this}}</li>{{/each}}</ul>
            <p>You have not been charged.</p>
            """,
            """
            Hi {{CustomerName}},

            {{#if IsOutOfStock}}We are sorry: some items in order {{OrderId}} sold out before we could reserve them.{{else}}We are sorry: order {{OrderId}} could not be accepted.{{/if}}

            {{#each Reasons}}- {{this}}
            {{/each}}
            You have not been charged.
            """),
        new(
            EmailTemplate.Shipped,
            typeof(ShippedEmail),
            "Order {{OrderId}} is on its way",
            $$$"""
            <p>Hi {{CustomerName}},</p>
            <p>Your order <strong>{{OrderId}}</strong> has shipped with {{Carrier}} (tracking number {{TrackingNumber}}).</p>
            {{#if EstimatedDelivery}}<p>Estimated delivery: {{EstimatedDelivery}}.</p>{{/if}}
            <p><a href="{{TrackingUrl}}">Track your parcel</a></p>
            {{{LinesTableHtml}}}
            <p>We charged {{AmountCharged}} to your card.</p>
            """,
            $$$"""
            Hi {{CustomerName}},

            Your order {{OrderId}} has shipped with {{Carrier}} (tracking number {{TrackingNumber}}).
            {{#if EstimatedDelivery}}Estimated delivery: {{EstimatedDelivery}}.
            {{/if}}
            Track your parcel: {{TrackingUrl}}

            {{{LinesText}}}
            We charged {{AmountCharged}} to your card.
            """),
        new(
            EmailTemplate.OutForDelivery,
            typeof(OutForDeliveryEmail),
            "Order {{OrderId}} arrives today",
            """
            <p>Hi {{CustomerName}},</p>
            <p>{{Carrier}} is delivering your order <strong>{{OrderId}}</strong> today.</p>
            <p><a href="{{TrackingUrl}}">Track parcel {{TrackingNumber}}</a></p>
            """,
            """
            Hi {{CustomerName}},

            {{Carrier}} is delivering your order {{OrderId}} today.

            Track parcel {{TrackingNumber}}: {{TrackingUrl}}
            """),
        new(
            EmailTemplate.Delivered,
            typeof(DeliveredEmail),
            "Order {{OrderId}} was delivered",
            """
            <p>Hi {{CustomerName}},</p>
            <p>{{Carrier}} delivered your order <strong>{{OrderId}}</strong> on {{DeliveredAt}}.</p>
            <p>Something not right? <a href="{{ReturnsUrl}}">Start a return</a>.</p>
            """,
            """
            Hi {{CustomerName}},

            {{Carrier}} delivered your order {{OrderId}} on {{DeliveredAt}}.

            Something not right? Start a return: {{ReturnsUrl}}
            """),
        new(
            EmailTemplate.ShipmentDelayed,
            typeof(ShipmentDelayedEmail),
            "An update on order {{OrderId}}: it is running late",
            """
            <p>Hi {{CustomerName}},</p>
            <p>Your order <strong>{{OrderId}}</strong> is taking longer than we promised: {{Reason}}</p>
            {{#if NewEstimatedDelivery}}<p>New estimated delivery: {{NewEstimatedDelivery}}.</p>{{/if}}
            <p>We are sorry for the wait. <a href="{{OrderStatusUrl}}">Follow your order</a></p>
            """,
            """
            Hi {{CustomerName}},

            Your order {{OrderId}} is taking longer than we promised: {{Reason}}
            {{#if NewEstimatedDelivery}}New estimated delivery: {{NewEstimatedDelivery}}.
            {{/if}}
            We are sorry for the wait. Follow your order: {{OrderStatusUrl}}
            """),
        new(
            EmailTemplate.OrderCancelled,
            typeof(OrderCancelledEmail),
            "Order {{OrderId}} is cancelled",
            """
            <p>Hi {{CustomerName}},</p>
            <p>Your order <strong>{{OrderId}}</strong> is cancelled: {{Reason}}</p>
            <p>You have not been charged; the hold of {{Total}} on your card is released.</p>
            """,
            """
            Hi {{CustomerName}},

            Your order {{OrderId}} is cancelled: {{Reason}}

            You have not been charged; the hold of {{Total}} on your card is released.
            """),
        new(
            EmailTemplate.RefundIssued,
            typeof(RefundIssuedEmail),
            "Your refund of {{Amount}} for order {{OrderId}}",
            """
            <p>Hi {{CustomerName}},</p>
            <p>We refunded <strong>{{Amount}}</strong> for order <strong>{{OrderId}}</strong> ({{Reason}}).</p>
            <p>Your bank usually shows it within 5–10 days. Refund reference: {{RefundReference}}.</p>
            """,
            """
            Hi {{CustomerName}},

            We refunded {{Amount}} for order {{OrderId}} ({{Reason}}).

            Your bank usually shows it within 5-10 days. Refund reference: {{RefundReference}}.
            """),
        new(
            EmailTemplate.ReturnReceived,
            typeof(ReturnReceivedEmail),
            "We received your return for order {{OrderId}}",
            $$$"""
            <p>Hi {{CustomerName}},</p>
            <p>Your return <strong>{{ReturnId}}</strong> for order <strong>{{OrderId}}</strong> has arrived at our warehouse.</p>
            {{{LinesTableHtml}}}
            <p>Once inspected, we refund {{ExpectedRefund}} within {{RefundWithinBusinessDays}} business days.</p>
            """,
            $$$"""
            Hi {{CustomerName}},

            Your return {{ReturnId}} for order {{OrderId}} has arrived at our warehouse.

            {{{LinesText}}}
            Once inspected, we refund {{ExpectedRefund}} within {{RefundWithinBusinessDays}} business days.
            """),
        new(
            EmailTemplate.ReviewRequest,
            typeof(ReviewRequestEmail),
            "{{#if IsFirstRequest}}How do you like your order {{OrderId}}?{{/if}}{{#if IsReminder}}Reminder: tell us about your order {{OrderId}}{{/if}}{{#if IsFinalReminder}}Last chance to review your order {{OrderId}}{{/if}}",
            """
            <p>Hi {{CustomerName}},</p>
            {{#if IsFirstRequest}}<p>Your order <strong>{{OrderId}}</strong> arrived a little while ago. Would you tell other customers what you think?</p>{{/if}}
            {{#if IsReminder}}<p>A quick reminder: a short review of your order <strong>{{OrderId}}</strong> helps other customers choose.</p>{{/if}}
            {{#if IsFinalReminder}}<p>This is our last reminder: if you have a minute, a review of your order <strong>{{OrderId}}</strong> would help others.</p>{{/if}}
            <ul>{{#each Items}}<li><a href="{{ReviewUrl}}">Review {{Name}}</a></li>{{/each}}</ul>
            {{#if UnsubscribeUrl}}<p style="font-size:12px;color:#71717a;">Don't want these emails? <a href="{{UnsubscribeUrl}}">Unsubscribe</a>.</p>{{/if}}
            """,
            """
            Hi {{CustomerName}},

            {{#if IsFirstRequest}}Your order {{OrderId}} arrived a little while ago. Would you tell other customers what you think?{{/if}}{{#if IsReminder}}A quick reminder: a short review of your order {{OrderId}} helps other customers choose.{{/if}}{{#if IsFinalReminder}}This is our last reminder: if you have a minute, a review of your order {{OrderId}} would help others.{{/if}}

            {{#each Items}}- Review {{Name}}: {{ReviewUrl}}
            {{/each}}
            {{#if UnsubscribeUrl}}Don't want these emails? Unsubscribe: {{UnsubscribeUrl}}{{/if}}
            """),
        new(
            EmailTemplate.AbandonedCart,
            typeof(AbandonedCartEmail),
            "You left something in your {{Shop.Name}} cart",
            $$$"""
            <p>{{#if CustomerName}}Hi {{CustomerName}},{{else}}Hi there,{{/if}}</p>
            <p>Your cart is still waiting for you:</p>
            {{{LinesTableHtml}}}
            <p>Subtotal: <strong>{{Subtotal}}</strong></p>
            <p><a href="{{CartUrl}}">Return to your cart</a></p>
            {{#if UnsubscribeUrl}}<p style="font-size:12px;color:#71717a;">Don't want these emails? <a href="{{UnsubscribeUrl}}">Unsubscribe</a>.</p>{{/if}}
            """,
            $$$"""
            {{#if CustomerName}}Hi {{CustomerName}},{{else}}Hi there,{{/if}}

            Your cart is still waiting for you:
            {{{LinesText}}}
            Subtotal: {{Subtotal}}

            Return to your cart: {{CartUrl}}

            {{#if UnsubscribeUrl}}Don't want these emails? Unsubscribe: {{UnsubscribeUrl}}{{/if}}
            """),
        new(
            EmailTemplate.ReorderPointAlert,
            typeof(ReorderPointAlertEmail),
            "[Ops] Reorder {{Sku}}: {{Available}} left (reorder point {{ReorderPoint}})",
            """
            <p><strong>{{ProductName}}</strong> ({{Sku}}) is at its reorder point.</p>
            <ul>
            <li>Available: {{Available}}</li>
            <li>Reorder point: {{ReorderPoint}}</li>
            <li>Average daily sales: {{AverageDailySales}}</li>
            <li>Lead time: {{LeadTimeDays}} days, cover: {{CoverDays}} days</li>
            </ul>
            <p>Suggested order: <strong>{{SuggestedOrderQuantity}}</strong> units.</p>
            """,
            """
            {{ProductName}} ({{Sku}}) is at its reorder point.

            Available: {{Available}}
            Reorder point: {{ReorderPoint}}
            Average daily sales: {{AverageDailySales}}
            Lead time: {{LeadTimeDays}} days, cover: {{CoverDays}} days

            Suggested order: {{SuggestedOrderQuantity}} units.
            """),
        new(
            EmailTemplate.StuckOrderAlert,
            typeof(StuckOrderAlertEmail),
            "[Ops] Order {{OrderId}} is stuck in {{Status}}",
            """
            <p>Order <strong>{{OrderId}}</strong> has been in <strong>{{Status}}</strong> since {{StuckSince}}.</p>
            {{#if LastError}}<p>Last error: <code>{{LastError}}</code></p>{{/if}}
            {{#if AdminUrl}}<p><a href="{{AdminUrl}}">Open the instance</a></p>{{/if}}
            """,
            """
            Order {{OrderId}} has been in {{Status}} since {{StuckSince}}.
            {{#if LastError}}
            Last error: {{LastError}}
            {{/if}}{{#if AdminUrl}}
            Open the instance: {{AdminUrl}}
            {{/if}}
            """),
        new(
            EmailTemplate.AnomalyAlert,
            typeof(AnomalyAlertEmail),
            "[Ops] Anomaly in {{Metric}} ({{Period}})",
            """
            <p><strong>{{Metric}}</strong> for {{Period}} is {{Observed}}; expected {{Expected}}.</p>
            <p>{{Detail}}</p>
            """,
            """
            {{Metric}} for {{Period}} is {{Observed}}; expected {{Expected}}.

            {{Detail}}
            """),
        new(
            EmailTemplate.WeeklyMetrics,
            typeof(WeeklyMetricsEmail),
            "[Ops] Weekly figures {{Week}}",
            """
            <p>The figures of week <strong>{{Week}}</strong>, beside the mean of the weeks before it.</p>
            <table role="presentation" width="100%" cellpadding="6" cellspacing="0" style="border-collapse:collapse;margin:16px 0;">
            <tr style="background:#f4f4f5;text-align:left;"><th>Figure</th><th style="text-align:right;">This week</th><th style="text-align:right;">Baseline</th></tr>
            {{#each Figures}}<tr style="border-bottom:1px solid #e4e4e7;"><td>{{Name}}</td><td style="text-align:right;">{{Value}}</td><td style="text-align:right;">{{Baseline}}</td></tr>
            {{/each}}</table>
            <p><strong>Alerts</strong></p>
            <ul>{{#each Alerts}}<li>{{Text}}</li>{{/each}}</ul>
            """,
            """
            The figures of week {{Week}}, beside the mean of the weeks before it.

            {{#each Figures}}- {{Name}}: {{Value}} (baseline {{Baseline}})
            {{/each}}
            Alerts:
            {{#each Alerts}}- {{Text}}
            {{/each}}
            """),
        new(
            EmailTemplate.ReturnRequested,
            typeof(ReturnRequestedEmail),
            "{{#if IsReminder}}Reminder: {{/if}}Your return {{ReturnId}} for order {{OrderId}}",
            $$$"""
            <p>Hi {{CustomerName}},</p>
            {{#if IsReminder}}<p>We have not received the parcel of your return <strong>{{ReturnId}}</strong> yet.</p>{{else}}<p>Your return <strong>{{ReturnId}}</strong> for order <strong>{{OrderId}}</strong> ({{Reason}}) is accepted.</p>{{/if}}
            {{{LinesTableHtml}}}
            {{#if LabelUrl}}<p><a href="{{LabelUrl}}">Print your prepaid return label</a> (tracking number {{TrackingNumber}}), stick it on the parcel and drop it off with the carrier.</p><p>Once it arrives, we refund {{ExpectedRefund}}.</p>{{else}}<p>You do not need to send anything back: we refund {{ExpectedRefund}}.</p>{{/if}}
            """,
            $$$"""
            Hi {{CustomerName}},

            {{#if IsReminder}}We have not received the parcel of your return {{ReturnId}} yet.{{else}}Your return {{ReturnId}} for order {{OrderId}} ({{Reason}}) is accepted.{{/if}}

            {{{LinesText}}}
            {{#if LabelUrl}}Print your prepaid return label: {{LabelUrl}} (tracking number {{TrackingNumber}}), stick it on the parcel and drop it off with the carrier.
            Once it arrives, we refund {{ExpectedRefund}}.{{else}}You do not need to send anything back: we refund {{ExpectedRefund}}.{{/if}}
            """),
        new(
            EmailTemplate.ReturnRejected,
            typeof(ReturnRejectedEmail),
            "Your return {{ReturnId}} for order {{OrderId}}",
            """
            <p>Hi {{CustomerName}},</p>
            <p>We could not accept your return <strong>{{ReturnId}}</strong> for order <strong>{{OrderId}}</strong>: {{Reason}}</p>
            <p>Reply to this message if you think this is a mistake.</p>
            """,
            """
            Hi {{CustomerName}},

            We could not accept your return {{ReturnId}} for order {{OrderId}}: {{Reason}}

            Reply to this message if you think this is a mistake.
            """),
        new(
            EmailTemplate.OpsAlert,
            typeof(OpsAlertEmail),
            "[Ops] {{Title}}",
            """
            <p><strong>{{Title}}</strong></p>
            <p>{{Detail}}</p>
            {{#if AdminUrl}}<p><a href="{{AdminUrl}}">Open it</a></p>{{/if}}
            """,
            """
            {{Title}}

            {{Detail}}
            {{#if AdminUrl}}
            Open it: {{AdminUrl}}
            {{/if}}
            """),
    }.ToDictionary(d => d.Template);

    /// <summary>Every template, one per <see cref="EmailTemplate"/> value.</summary>
    public static IReadOnlyCollection<EmailTemplateDefinition> All => Definitions.Values;

    public static EmailTemplateDefinition For(EmailTemplate template) =>
        Definitions.TryGetValue(template, out var definition)
            ? definition
            : throw new ArgumentOutOfRangeException(nameof(template), template, "No such email template.");
}
