using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Shop.Hosting.Functions;

namespace Shop.Hosting.Tests;

/// <summary>The local host reads the app's functions from their worker attributes, the way the worker SDK does for Azure.</summary>
public sealed class FunctionCatalogTests
{
    [Fact]
    public void FromTypes_ReadsEachTriggerFromItsAttribute()
    {
        var functions = FunctionCatalog.FromTypes(typeof(ThingFunctions));

        Assert.Equal(["GetThing", "ProcessThing", "ReplaceThing", "SweepThings"], functions.Select(f => f.Name).Order(StringComparer.Ordinal));
        var get = (HttpTrigger)functions.Find("GetThing")!.Trigger;
        Assert.Equal(["GET"], get.Methods);
        Assert.Equal("things/{id}", get.Route);
        Assert.Equal(FunctionAuth.Anonymous, get.Auth);
        var replace = (HttpTrigger)functions.Find("ReplaceThing")!.Trigger;
        Assert.Equal(["PUT"], replace.Methods);
        Assert.Equal("admin/things/{id}", replace.Route);
        Assert.Equal(FunctionAuth.Admin, replace.Auth);
        Assert.Equal(new QueueTrigger("%Jobs__ThingQueue%", "OtherStorage"), functions.Find("ProcessThing")!.Trigger);
        Assert.Equal(new TimerTrigger("%Jobs__SweepSchedule%", RunOnStartup: true), functions.Find("SweepThings")!.Trigger);
    }

    [Fact]
    public async Task QueueHandler_RunsTheMethod_OnAnInstanceFromTheInvocationServices_WithItsBindingData()
    {
        var services = new ServiceCollection().AddSingleton<Seen>().BuildServiceProvider();
        var function = FunctionCatalog.FromTypes(typeof(ThingFunctions)).Find("ProcessThing")!;

        await function.QueueHandler!(new QueueInvocation
        {
            FunctionName = function.Name,
            InvocationId = "1",
            Message = "hello",
            MessageId = "m-1",
            DequeueCount = 3,
            Services = services,
        }, CancellationToken.None);

        Assert.Equal(["hello m-1 3"], services.GetRequiredService<Seen>().Calls);
    }

    [Fact]
    public void FromTypes_RefusesWhatTheLocalHostCannotRun()
    {
        Assert.Throws<InvalidOperationException>(() => FunctionCatalog.FromTypes(typeof(KeyedFunctions)));
        Assert.Throws<InvalidOperationException>(() => FunctionCatalog.FromTypes(typeof(ContextFunctions)));
        Assert.Throws<InvalidOperationException>(() => FunctionCatalog.FromTypes(typeof(ThingFunctions), typeof(DuplicateFunctions)));
        Assert.Throws<ArgumentException>(() => FunctionCatalog.FromTypes(typeof(BadQueueFunctions)));
    }

    public sealed class Seen
    {
        public List<string> Calls { get; } = [];
    }

    public sealed class ThingFunctions(Seen seen)
    {
        [Function("GetThing")]
        public static string Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "things/{id}")] Microsoft.AspNetCore.Http.HttpRequest request, string id) => id;

        [Function("ReplaceThing")]
        [FunctionAccess(FunctionAuth.Admin)]
        public static string Replace([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "/admin/things/{id}/")] Microsoft.AspNetCore.Http.HttpRequest request, string id) => id;

        [Function("ProcessThing")]
        public Task ProcessAsync([QueueTrigger("%Jobs__ThingQueue%", Connection = "OtherStorage")] string message, string id, long dequeueCount)
        {
            seen.Calls.Add($"{message} {id} {dequeueCount}");
            return Task.CompletedTask;
        }

        [Function("SweepThings")]
        public static Task SweepAsync([TimerTrigger("%Jobs__SweepSchedule%", RunOnStartup = true)] TimerInfo timer) => Task.CompletedTask;
    }

    public sealed class KeyedFunctions
    {
        [Function("Keyed")]
        public static string Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "keyed")] Microsoft.AspNetCore.Http.HttpRequest request) => "no";
    }

    public sealed class ContextFunctions
    {
        [Function("WithContext")]
        public static Task RunAsync([QueueTrigger("things")] string message, FunctionContext context) => Task.CompletedTask;
    }

    public sealed class DuplicateFunctions
    {
        [Function("getthing")]
        public static Task RunAsync([QueueTrigger("things")] string message) => Task.CompletedTask;
    }

    public sealed class BadQueueFunctions
    {
        [Function("BadQueue")]
        public static Task RunAsync([QueueTrigger("Bad_Queue")] string message) => Task.CompletedTask;
    }
}
