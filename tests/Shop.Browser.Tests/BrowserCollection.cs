namespace Shop.Browser.Tests;

/// <summary>Every browser test shares one app and one browser, and runs one at a time (two shared cores).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
