using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Shop.Functions.Tests.Contract;

/// <summary>
/// Checks every <c>/api</c> response of a test app against the OpenAPI document the app serves. A response the document
/// does not declare is recorded and replaced by a 500 that names the mismatch, so the test that drew it fails; every
/// HTTP test of the suite is thereby a contract test.
/// </summary>
public sealed class ContractCheck
{
    public const int ViolationStatus = StatusCodes.Status500InternalServerError;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private OpenApiContract? _contract;

    /// <summary>Every mismatch seen by this app.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>How many responses were checked.</summary>
    public int Checked => _checked;

    private int _checked;

    internal async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api") || path.StartsWithSegments("/api/openapi") || path.StartsWithSegments("/api/docs"))
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var contract = await LoadAsync(context);
        var problems = contract.Check(context.Request.Method, path.Value!, context.Response.StatusCode, context.Response.ContentType, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        Interlocked.Increment(ref _checked);
        if (problems.Count == 0)
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original);
            return;
        }

        foreach (var problem in problems)
        {
            Violations.Enqueue(problem);
        }

        context.Response.Clear();
        context.Response.StatusCode = ViolationStatus;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync("OpenAPI contract violation:\n" + string.Join("\n", problems));
    }

    private async Task<OpenApiContract> LoadAsync(HttpContext context)
    {
        if (_contract is { } loaded)
        {
            return loaded;
        }

        await _loading.WaitAsync();
        try
        {
            if (_contract is null)
            {
                var server = (TestServer)context.RequestServices.GetRequiredService<IServer>();
                using var client = server.CreateClient();
                _contract = new OpenApiContract(await client.GetStringAsync(new Uri("/api/openapi/v1.json", UriKind.Relative)));
            }

            return _contract;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Puts the check in front of the app's whole pipeline.</summary>
    internal sealed class StartupFilter(ContractCheck check) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) => check.InvokeAsync(context, nextMiddleware));
            next(app);
        };
    }
}
