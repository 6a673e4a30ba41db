namespace Shop.Testing;

/// <summary>What a table request did.</summary>
public enum TableRequestKind
{
    /// <summary>A read of one entity by its PartitionKey and RowKey.</summary>
    PointRead,

    /// <summary>A query (a filter, or none).</summary>
    Query,

    /// <summary>An insert, update, delete, batch, or a table's creation.</summary>
    Write,
}
