namespace Shop.Infrastructure.Catalog;

/// <summary>What Azure Table storage accepts as a table name.</summary>
internal static class TableNames
{
    public const string Pattern = "^[A-Za-z][A-Za-z0-9]{2,62}$";
}
