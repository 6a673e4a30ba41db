using Xunit;

namespace Shop.Testing;

/// <summary>Where the repository and the built app are, seen from a test's output folder.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder that holds <c>Shop.sln</c>.</summary>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Shop.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Shop.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The app built in the test's configuration: tests/X/bin/&lt;Configuration&gt;/net10.0 → functions/Shop.Functions/bin/&lt;Configuration&gt;/net10.0.</summary>
    public static string BuiltApp()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(Root(), "functions", "Shop.Functions", "bin", configuration, "net10.0", "Shop.Functions.dll");
        Assert.True(File.Exists(path), $"The app is built at {path}");
        return path;
    }
}
