using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Shop.Hosting.Azurite;
using Shop.Hosting.Configuration;
using Shop.Hosting.CustomHandler;
using Shop.Hosting.Functions;
using Shop.Hosting.Http;
using Shop.Hosting.Local;
using Shop.Hosting.Storage;
using Shop.Hosting.Telemetry;

namespace Shop.Hosting;

/// <summary>Wires the hosting layer into an ASP.NET Core app: <c>AddShopHosting</c>, <c>UseShopHosting</c>, <c>MapShopFunctions</c>.</summary>
public static class ShopHostingExtensions
{
    /// <summary>
    /// Reads <c>local.settings.json</c> and <c>host.json</c>, chooses the mode (custom handler under the Functions
    /// host, else local with its own triggers on 127.0.0.1:7071), and registers the hosting services.
    /// </summary>
    public static WebApplicationBuilder AddShopHosting(this WebApplicationBuilder builder, FunctionCatalog functions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(functions);

        AddLocalSettings(builder.Configuration);
        var hostJson = HostJson.Load(AppContext.BaseDirectory, builder.Environment.ContentRootPath);
        var customHandlerPort = builder.Configuration[HostingOptions.CustomHandlerPortSetting];
        var hosting = builder.Configuration.GetSection(HostingOptions.Section).Get<HostingOptions>() ?? new HostingOptions();

        if (customHandlerPort is { Length: > 0 })
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{customHandlerPort}");
        }
        else if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{hosting.Port}");
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = hosting.MaxRequestBodyBytes);

        var services = builder.Services;
        services.AddSingleton(functions);
        services.AddSingleton(hostJson);
        services.AddShopOptions<HostingOptions>(HostingOptions.Section);
        services.AddShopOptions<AdminOptions>(AdminOptions.Section);
        services.AddShopOptions<TelemetryOptions>(TelemetryOptions.Section);
        services.AddOptions<StorageClientOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StorageClientFactory>();
        services.AddSingleton<QueueSignal>();
        services.AddSingleton<QueueSender>();
        services.AddSingleton<FunctionInvoker>();

        // Registered first so the emulator is up before any other hosted service touches storage.
        services.AddHostedService<AzuriteHostedService>();
        services.AddHostedService<LocalTriggerRuntime>();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions.TryAdd("traceId", c.HttpContext.TraceIdentifier);
        });
        services.AddExceptionHandler<ShopExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.AddShopTelemetry(builder.Configuration);
        return builder;
    }

    /// <summary>The JSON rules for every request and response: camelCase, enums as strings, unknown fields refused.</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // "quantity": "2" is a wrong type, not a number.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to a settings section, validated at start, and records the section
    /// so the list of every setting the app reads can be derived.
    /// </summary>
    public static OptionsBuilder<TOptions> AddShopOptions<TOptions>(this IServiceCollection services, string section)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        services.AddSingleton(new SettingsSection(typeof(TOptions), section));
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
    }

    /// <summary>The one error path, the request-size limit and per-invocation log scopes.</summary>
    public static WebApplication UseShopHosting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var startup = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Shop.Hosting");
        foreach (var (key, value) in app.Configuration.AsEnumerable())
        {
            if (value?.StartsWith(FunctionAuthorization.UnresolvedKeyVaultReference, StringComparison.OrdinalIgnoreCase) == true)
            {
                // The platform passes the reference text through when the secret or the vault access is missing.
                startup.LogError("Setting {Setting} is an unresolved Key Vault reference: set the secret and grant the app's identity access", key);
            }
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var maxBody = app.Services.GetRequiredService<IOptions<HostingOptions>>().Value.MaxRequestBodyBytes;
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > maxBody)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = maxBody;
            }

            await next(context);
        });
        app.UseRouting();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Shop.Functions");
        app.Use(async (context, next) =>
        {
            var function = context.GetEndpoint()?.Metadata.GetMetadata<FunctionDeclaration>();
            if (function is null)
            {
                await next(context);
                return;
            }

            // Credentials before anything reads the body: an anonymous admin call gets 401 whatever it sent.
            if (function.Trigger is HttpTrigger http)
            {
                FunctionAuthorization.Check(context, http.Auth);
            }

            var invocationId = context.Request.Headers["X-Azure-Functions-InvocationId"].FirstOrDefault() ?? context.TraceIdentifier;
            using var scope = logger.BeginScope(new Dictionary<string, object>
            {
                ["FunctionName"] = function.Name,
                ["InvocationId"] = invocationId,
            });
            await next(context);
        });
        return app;
    }

    /// <summary>
    /// Maps every HTTP function under the <c>host.json</c> route prefix, and, under the Functions host, the
    /// custom-handler invocation endpoints of the queue and timer functions.
    /// </summary>
    public static WebApplication MapShopFunctions(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var functions = app.Services.GetRequiredService<FunctionCatalog>();
        var hostJson = app.Services.GetRequiredService<HostJson>();
        var prefix = hostJson.RoutePrefix.Length == 0 ? string.Empty : "/" + hostJson.RoutePrefix;
        foreach (var function in functions)
        {
            if (function.Trigger is not HttpTrigger http)
            {
                continue;
            }

            var endpoint = app.MapMethods($"{prefix}/{http.Route}", http.Methods, function.HttpHandler!)
                .WithName(function.Name)
                .WithMetadata(function);
            if (http.Auth == FunctionAuth.Development && !app.Environment.IsDevelopment())
            {
                endpoint.ExcludeFromDescription();
            }

            function.ConfigureEndpoint?.Invoke(endpoint);
        }

        if (IsCustomHandler(app.Configuration))
        {
            app.MapInvocationEndpoints();
        }

        return app;
    }

    /// <summary>True when the Functions host runs this app as its custom handler.</summary>
    public static bool IsCustomHandler(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration?[HostingOptions.CustomHandlerPortSetting]);

    private static void AddLocalSettings(ConfigurationManager configuration)
    {
        var path = FindLocalSettings();
        if (path is null)
        {
            return;
        }

        // Before the environment variables, so they win, as under func.
        var sources = configuration.Sources;
        var index = sources.ToList().FindIndex(s => s is EnvironmentVariablesConfigurationSource);
        var source = new LocalSettingsConfigurationSource(path);
        if (index < 0)
        {
            sources.Add(source);
        }
        else
        {
            sources.Insert(index, source);
        }
    }

    /// <summary><c>local.settings.json</c> beside <c>host.json</c> (the app root or the repository root); the sample when there is none.</summary>
    private static string? FindLocalSettings()
    {
        foreach (var name in new[] { "local.settings.json", "local.settings.sample.json" })
        {
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
                {
                    var candidate = Path.Combine(directory.FullName, name);
                    if (File.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, HostJson.FileName)))
                    {
                        return candidate;
                    }
                }
            }
        }

        return null;
    }

    private static IServiceCollection AddShopTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var exporter = telemetry.Exporter.Trim().ToUpperInvariant();
        if (exporter is "NONE" or "")
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(telemetry.ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(FunctionInvoker.ActivitySource.Name, "Shop.*").AddAspNetCoreInstrumentation();
                _ = exporter switch
                {
                    "CONSOLE" => tracing.AddConsoleExporter(),
                    "OTLP" => tracing.AddOtlpExporter(),
                    _ => throw new InvalidOperationException($"Telemetry__Exporter '{telemetry.Exporter}' is not one of none, console, otlp."),
                };
            });
        return services;
    }
}
