namespace Shop.Domain.Email;

/// <summary>A product the customer may review, with the link to the review form.</summary>
public sealed record ReviewItem(string Name, Uri ReviewUrl);
