namespace Shop.Infrastructure;

/// <summary>What Azure Table storage accepts as a table name: the one rule every table setting is checked against.</summary>
internal static class TableNames
{
    public const string Pattern = "^[A-Za-z][A-Za-z0-9]{2,62}$";
}
