namespace Shop.Durable.Tests;

/// <summary>The orchestrators and activities the tests run.</summary>
public static class TestTasks
{
    public static readonly string[] Cities = ["Tokyo", "Seattle", "London", "Paris", "Berlin"];

    /// <summary>Flipped by the rewind test: while true, "Flaky" fails.</summary>
    public static bool FlakyFails { get; set; } = true;

    public static void Register(DurableTaskRegistry r)
    {
        r.AddActivity<SayHello>();
        r.AddActivity<Square>();
        r.AddActivityFunc<string, string>("Echo", (ctx, s) => s + "!");
        r.AddActivityFunc<string?, string>("Key", (ctx, _) => ((EmbeddedActivityContext)ctx).IdempotencyKey);
        r.AddActivityFunc<string?, string?>("Noop", (ctx, _) => (string?)null);
        r.AddActivity<AlwaysFails>();
        r.AddActivityFunc<string?, string>("Flaky", (ctx, _) => FlakyFails ? throw new InvalidOperationException("flaky is down") : "flaky is up");

        r.AddOrchestratorFunc<string?, string>("HelloSequence", async (ctx, _) =>
        {
            var greetings = new List<string>();
            foreach (var city in Cities)
            {
                greetings.Add(await ctx.CallActivityAsync<string>(nameof(SayHello), city));
            }

            return string.Join(" ", greetings);
        });

        r.AddOrchestratorFunc<int, int>("FanOut", async (ctx, n) =>
        {
            var squares = await Task.WhenAll(Enumerable.Range(1, n).Select(i => ctx.CallActivityAsync<int>("Square", i)));
            return squares.Sum();
        });

        r.AddOrchestratorFunc<string?, string>("WaitForApproval", async (ctx, _) =>
        {
            ctx.SetCustomStatus(new { stage = "waiting" });
            return await ctx.WaitForExternalEvent<string>("Approval");
        });

        r.AddOrchestratorFunc<int, string>("WaitWithTimeout", async (ctx, seconds) =>
        {
            try
            {
                return "event:" + await ctx.WaitForExternalEvent<string>("approval", TimeSpan.FromSeconds(seconds));
            }
            catch (TaskCanceledException)
            {
                return "timeout";
            }
        });

        r.AddOrchestratorFunc<string?, string>("GoThenData", async (ctx, _) =>
        {
            await ctx.WaitForExternalEvent<string>("Go");
            return await ctx.WaitForExternalEvent<string>("Data");
        });

        r.AddOrchestratorFunc<string?, string>("TwoEvents", async (ctx, _) =>
        {
            var a = ctx.WaitForExternalEvent<string>("A");
            var b = ctx.WaitForExternalEvent<string>("B");
            await Task.WhenAll(a, b);
            return a.Result + "+" + b.Result;
        });

        r.AddOrchestratorFunc<double, DateTime[]>("Timer", async (ctx, seconds) =>
        {
            var start = ctx.CurrentUtcDateTime;
            await ctx.CreateTimer(TimeSpan.FromSeconds(seconds), CancellationToken.None);
            return [start, ctx.CurrentUtcDateTime];
        });

        r.AddOrchestratorFunc<string?, TaskFailureDetails?>("Retry", async (ctx, _) =>
        {
            try
            {
                await ctx.CallActivityAsync(nameof(AlwaysFails), null, TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(1), backoffCoefficient: 2)));
                return null;
            }
            catch (TaskFailedException ex)
            {
                return ex.FailureDetails;
            }
        });

        r.AddOrchestratorFunc<string?, string>("RetryOnlyTransient", async (ctx, _) =>
        {
            var policy = new RetryPolicy(5, TimeSpan.FromSeconds(1)) { HandleFailure = f => !f.IsCausedBy<InvalidOperationException>() };
            try
            {
                await ctx.CallActivityAsync(nameof(AlwaysFails), null, new TaskOptions(policy));
                return "succeeded";
            }
            catch (TaskFailedException ex)
            {
                return ex.FailureDetails.ErrorType;
            }
        });

        r.AddOrchestratorFunc<string, string>("Large", async (ctx, input) =>
        {
            var echoed = await ctx.CallActivityAsync<string>("Echo", input);
            var extra = await ctx.WaitForExternalEvent<string>("Big");
            return echoed + extra;
        });

        r.AddOrchestratorFunc<int, int>("Counter", async (ctx, n) =>
        {
            await ctx.CallActivityAsync("Noop");
            if (n < 3)
            {
                ctx.ContinueAsNew(n + 1);
            }

            return n;
        });

        r.AddOrchestratorFunc<int, int>("Child", async (ctx, n) => await ctx.CallActivityAsync<int>("Square", n) + 1);
        r.AddOrchestratorFunc<int, int>("Parent", async (ctx, n) =>
            await ctx.CallSubOrchestratorAsync<int>("Child", n) + await ctx.CallSubOrchestratorAsync<int>("Child", n, new SubOrchestrationOptions(instanceId: ctx.InstanceId + "-named")));
        r.AddOrchestratorFunc<string?, string>("FailingChild", async (ctx, _) =>
        {
            await ctx.CallActivityAsync(nameof(AlwaysFails));
            return "unreachable";
        });
        r.AddOrchestratorFunc<string?, string>("ParentOfFailing", async (ctx, _) =>
        {
            try
            {
                return await ctx.CallSubOrchestratorAsync<string>("FailingChild");
            }
            catch (TaskFailedException ex)
            {
                return $"{ex.TaskName}: {ex.FailureDetails.InnerFailure?.ErrorMessage ?? ex.FailureDetails.ErrorMessage}";
            }
        });

        r.AddOrchestratorFunc<string?, string>("FlakyFlow", async (ctx, _) =>
        {
            var first = await ctx.CallActivityAsync<int>("Square", 2);
            var second = await ctx.CallActivityAsync<string>("Flaky");
            return $"{first} {second}";
        });
        r.AddOrchestratorFunc<string?, string>("FlakyParent", async (ctx, _) => await ctx.CallSubOrchestratorAsync<string>("FlakyFlow"));

        r.AddOrchestratorFunc<string?, string[]>("Keys", async (ctx, _) =>
            [await ctx.CallActivityAsync<string>("Key"), await ctx.CallActivityAsync<string>("Key"), ctx.NewGuid().ToString(), ctx.NewGuid().ToString()]);

        r.AddOrchestratorFunc<int, int>("SuspendMe", async (ctx, _) => await ctx.WaitForExternalEvent<int>("X") * 2);
    }
}
