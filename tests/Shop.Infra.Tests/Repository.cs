namespace Shop.Infra.Tests;

/// <summary>Paths in the repository the tests run from (found by walking up to <c>Shop.sln</c>).</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Shop.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Shop.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootPath.Value;

    public static string Infra => Path.Combine(Root, "infra");

    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    public static string LocalSettingsSample => Path.Combine(Root, "local.settings.sample.json");
}
