namespace Shop.Domain.Reviews;

/// <summary>
/// A customer's review of one product they bought: one per order line (order and SKU), editable while the customer's
/// review link lasts. <see cref="Id"/> is the public id (it never shows the order). <see cref="Verified"/>: written with
/// the link of a delivered order.
/// </summary>
public sealed record Review(
    string Id,
    string Sku,
    string OrderId,
    ReviewContent Content,
    string AuthorName,
    bool Verified,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool Hidden);
