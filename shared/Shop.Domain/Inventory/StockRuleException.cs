namespace Shop.Domain.Inventory;

/// <summary>A stock operation that would break the stock rules (release more than is held, sell a released hold…).</summary>
public sealed class StockRuleException : Exception
{
    public StockRuleException()
    {
    }

    public StockRuleException(string message)
        : base(message)
    {
    }

    public StockRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
