using System.Text.Json.Nodes;
using Shop.Hosting.Functions;

namespace Shop.Hosting.Tests;

public sealed class FunctionMetadataTests
{
    private static FunctionCatalog Declarations() => new FunctionCatalog()
        .MapHttp("GetThing", "GET", "things/{id}", (string id) => id)
        .MapHttp("ReplaceThing", "put", "/admin/things/{id}/", (string id) => id, FunctionAuth.Admin)
        .MapQueue("ProcessThing", "%Jobs__ThingQueue%", (_, _) => Task.CompletedTask, connection: "OtherStorage")
        .MapTimer("SweepThings", "%Jobs__SweepSchedule%", (_, _) => Task.CompletedTask, runOnStartup: true);

    [Fact]
    public void Write_CreatesOneFunctionJsonPerDeclaration_MatchingIt()
    {
        var root = Directory.CreateTempSubdirectory("fnmeta").FullName;
        var functions = Declarations();

        var written = FunctionMetadataWriter.Write(functions, root);

        Assert.Equal(4, written.Count);
        var get = Read(root, "GetThing");
        Assert.Equal("httpTrigger", (string)get[0]!["type"]!);
        Assert.Equal("things/{id}", (string)get[0]!["route"]!);
        Assert.Equal(["get"], get[0]!["methods"]!.AsArray().Select(m => (string)m!));
        Assert.Equal("http", (string)get[1]!["type"]!);
        Assert.Equal("out", (string)get[1]!["direction"]!);

        var replace = Read(root, "ReplaceThing");
        Assert.Equal("admin/things/{id}", (string)replace[0]!["route"]!);
        Assert.Equal(["put"], replace[0]!["methods"]!.AsArray().Select(m => (string)m!));

        var queue = Read(root, "ProcessThing");
        Assert.Single(queue);
        Assert.Equal("queueTrigger", (string)queue[0]!["type"]!);
        Assert.Equal("%Jobs__ThingQueue%", (string)queue[0]!["queueName"]!);
        Assert.Equal("OtherStorage", (string)queue[0]!["connection"]!);
        Assert.Equal(FunctionMetadataWriter.QueueBindingName, (string)queue[0]!["name"]!);

        var timer = Read(root, "SweepThings");
        Assert.Equal("timerTrigger", (string)timer[0]!["type"]!);
        Assert.Equal("%Jobs__SweepSchedule%", (string)timer[0]!["schedule"]!);
        Assert.True((bool)timer[0]!["runOnStartup"]!);
    }

    [Fact]
    public void Write_RemovesFoldersOfFunctionsNoLongerDeclared_AndKeepsOtherFolders()
    {
        var root = Directory.CreateTempSubdirectory("fnmeta").FullName;
        Directory.CreateDirectory(Path.Combine(root, "Retired"));
        File.WriteAllText(Path.Combine(root, "Retired", "function.json"), "{}");
        Directory.CreateDirectory(Path.Combine(root, "runtimes"));

        FunctionMetadataWriter.Write(Declarations(), root);

        Assert.False(Directory.Exists(Path.Combine(root, "Retired")));
        Assert.True(Directory.Exists(Path.Combine(root, "runtimes")));
    }

    [Fact]
    public void Catalog_RefusesDuplicateNames_AndInvalidQueueNames()
    {
        var functions = new FunctionCatalog().MapHttp("A", "GET", "a", () => "a");
        Assert.Throws<InvalidOperationException>(() => functions.MapHttp("a", "GET", "b", () => "b"));
        Assert.Throws<ArgumentException>(() => functions.MapQueue("Q", "Bad_Queue", (_, _) => Task.CompletedTask));
        Assert.Throws<ArgumentException>(() => functions.MapHttp("1bad", "GET", "c", () => "c"));
    }

    private static JsonArray Read(string root, string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(root, name, "function.json")))!["bindings"]!.AsArray();
}
