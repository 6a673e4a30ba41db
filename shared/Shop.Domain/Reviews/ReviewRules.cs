using Shop.Domain.Common;

namespace Shop.Domain.Reviews;

/// <summary>The rules a review's fields follow; a breach is a <see cref="FieldValidationException"/> naming every field at fault.</summary>
public static class ReviewRules
{
    public const int MinRating = 1;
    public const int MaxRating = 5;
    public const int MaxTitleLength = 120;
    public const int MaxBodyLength = 4000;

    /// <summary>The content, trimmed, or <see cref="FieldValidationException"/> with the fields <c>rating</c>, <c>title</c>, <c>body</c> at fault.</summary>
    public static ReviewContent Validate(int? rating, string? title, string? body)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (rating is not (>= MinRating and <= MaxRating))
        {
            errors["rating"] = [$"The rating is required: a whole number from {MinRating} to {MaxRating}."];
        }

        var trimmedTitle = title?.Trim() ?? string.Empty;
        if (trimmedTitle.Length == 0)
        {
            errors["title"] = ["The title is required."];
        }
        else if (trimmedTitle.Length > MaxTitleLength)
        {
            errors["title"] = [$"The title is at most {MaxTitleLength} characters."];
        }

        var trimmedBody = body?.Trim() ?? string.Empty;
        if (trimmedBody.Length == 0)
        {
            errors["body"] = ["The review text is required."];
        }
        else if (trimmedBody.Length > MaxBodyLength)
        {
            errors["body"] = [$"The review text is at most {MaxBodyLength} characters."];
        }

        return errors.Count > 0 ? throw new FieldValidationException(errors) : new ReviewContent(rating!.Value, trimmedTitle, trimmedBody);
    }
}
