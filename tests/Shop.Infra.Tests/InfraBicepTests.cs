using Shop.Infra.Tests.Bicep;

namespace Shop.Infra.Tests;

/// <summary>Every resource in infra/ uses a type, API version and properties that exist in Azure's type library.</summary>
public sealed class InfraBicepTests
{
    public static TheoryData<string> BicepFiles() => new(Repository.BicepFiles());

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void BicepFile_UsesOnlyKnownResourceTypesVersionsAndProperties(string relativePath)
    {
        var diagnostics = BicepChecker.Default.CheckFile(Path.Combine(Repository.Root, relativePath));

        Assert.True(diagnostics.Count == 0, "The Bicep checker found:\n" + string.Join("\n", diagnostics));
    }
}
