namespace Shop.Domain.Common;

/// <summary>A request's fields break the rules: each field at fault with what is wrong with it.</summary>
public sealed class FieldValidationException : Exception
{
    public FieldValidationException()
        : this("One or more fields are not valid.")
    {
    }

    public FieldValidationException(string message)
        : base(message)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public FieldValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]>();
    }

    public FieldValidationException(string field, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]> { [field] = [message] };
    }

    public FieldValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base(string.Join(" ", (errors ?? throw new ArgumentNullException(nameof(errors))).Values.SelectMany(v => v)))
    {
        Errors = errors;
    }

    /// <summary>The fields at fault (JSON paths such as <c>shippingAddress.country</c>) and their messages.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
