namespace Shop.Testing;

/// <summary>
/// One table request an app made (see <see cref="TableRequestLog"/>): the table, whether it read one entity by its keys,
/// queried, or wrote, the query's filter, and how many entities a read returned.
/// </summary>
public sealed record TableRequest(string Table, TableRequestKind Kind, string? Filter, int Rows)
{
    /// <summary>
    /// A query the service answers from a key range: its filter bounds the PartitionKey and names no other property than
    /// the keys, so the rows it reads are the rows it returns. Any other query reads rows it does not return (in Azure
    /// a partition or table scan; on Azurite every query reads the whole table).
    /// </summary>
    public bool IsKeyRange =>
        Kind == TableRequestKind.Query
        && Filter is { } filter
        && filter.Contains("PartitionKey", StringComparison.Ordinal)
        && !System.Text.RegularExpressions.Regex.Replace(filter, "'[^']*'", string.Empty)
            .Split([' ', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
            .Any(word => char.IsUpper(word[0]) && word is not ("PartitionKey" or "RowKey"));
}
