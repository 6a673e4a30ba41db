namespace Shop.Domain.Returns;

/// <summary>What the warehouse does with a returned line after inspection.</summary>
public enum LineDisposition
{
    /// <summary>Back to available stock.</summary>
    Restock,

    /// <summary>Not sellable: the units leave the books (no stock change).</summary>
    WriteOff,
}
