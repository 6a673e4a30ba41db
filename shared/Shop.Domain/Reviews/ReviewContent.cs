namespace Shop.Domain.Reviews;

/// <summary>What a customer writes: a rating of 1 to 5 stars, a title and a text (see <see cref="ReviewRules"/>).</summary>
public sealed record ReviewContent(int Rating, string Title, string Body);
