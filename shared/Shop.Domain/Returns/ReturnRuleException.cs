namespace Shop.Domain.Returns;

/// <summary>A return or a change to one that the return's state refuses (a duplicate, a closed window, a wrong step): a conflict.</summary>
public sealed class ReturnRuleException : Exception
{
    public ReturnRuleException()
    {
    }

    public ReturnRuleException(string message)
        : base(message)
    {
    }

    public ReturnRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
