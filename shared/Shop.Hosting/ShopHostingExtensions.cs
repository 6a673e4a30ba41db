using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
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
    /// The local host: reads <c>local.settings.json</c> and <c>host.json</c> as <c>func</c> does, serves HTTP on
    /// 127.0.0.1:7071, runs the catalog's queue and timer triggers itself, and registers the services the app
    /// shares with the worker in Azure (<see cref="AddShopWorkerServices"/>).
    /// </summary>
    /// <param name="builder">The app's builder.</param>
    /// <param name="functions">The app's functions (from its <c>[Function]</c> attributes); null for an app with none.</param>
    public static WebApplicationBuilder AddShopHosting(this WebApplicationBuilder builder, FunctionCatalog? functions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        AddLocalSettings(builder.Configuration);
        var hostJson = HostJson.Load(AppContext.BaseDirectory, builder.Environment.ContentRootPath);
        var hosting = builder.Configuration.GetSection(HostingOptions.Section).Get<HostingOptions>() ?? new HostingOptions();
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{hosting.Port}");
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = hosting.MaxRequestBodyBytes);

        var services = builder.Services;
        services.AddSingleton(functions ?? new FunctionCatalog());
        services.AddSingleton(hostJson);
        services.AddShopOptions<HostingOptions>(HostingOptions.Section);
        services.AddSingleton<FunctionInvoker>();

        // Registered first so the emulator is up before any other hosted service touches storage.
        services.AddHostedService<AzuriteHostedService>();
        services.AddHostedService<LocalTriggerRuntime>();
        services.AddExceptionHandler<ShopExceptionHandler>();
        services.AddShopWorkerServices(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// The services the app's functions and the hosting layer need on both hosts: settings, storage clients, the
    /// JSON rules, problem details, telemetry.
    /// </summary>
    public static IServiceCollection AddShopWorkerServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddShopOptions<AdminOptions>(AdminOptions.Section);
        services.AddShopOptions<TelemetryOptions>(TelemetryOptions.Section);
        services.AddOptions<StorageClientOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageClientFactory>();
        services.TryAddSingleton<QueueSignal>();
        services.TryAddSingleton<QueueSender>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions.TryAdd("traceId", c.HttpContext.TraceIdentifier);
        });
        services.TryAddSingleton<ProblemWriter>();
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.AddShopTelemetry(configuration);
        return services;
    }

    /// <summary>The JSON rules for every request and response: camelCase, enums as strings, unknown and repeated fields refused.</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // "quantity": "2" is a wrong type, not a number.
        options.NumberHandling = JsonNumberHandling.Strict;
        // {"email":"a@x","email":"b@y"}: which one wins depends on the parser, so neither does (a parser differential).
        options.AllowDuplicateProperties = false;
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
            if (Secrets.IsUnresolvedReference(value))
            {
                // The platform passes the reference text through when the secret or the vault access is missing.
                startup.LogError("Setting {Setting} is an unresolved Key Vault reference: set the secret and grant the app's identity access", key);
            }
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var maxBody = app.Services.GetRequiredService<IOptions<HostingOptions>>().Value.MaxRequestBodyBytes;
        app.UseRouting();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Shop.Functions");
        app.Use(async (context, next) =>
        {
            var function = context.GetEndpoint()?.Metadata.GetMetadata<FunctionDeclaration>();
            if (function?.Trigger is not HttpTrigger http)
            {
                await next(context);
                return;
            }

            HttpFunctionGate.Enter(context, http, maxBody);
            using var scope = logger.BeginScope(new Dictionary<string, object>
            {
                ["FunctionName"] = function.Name,
                ["InvocationId"] = context.TraceIdentifier,
            });
            await next(context);
        });
        return app;
    }

    /// <summary>
    /// Maps every HTTP function of the catalog under the <c>host.json</c> route prefix. Each <c>[Function]</c> method
    /// is bound by ASP.NET Core's request delegate factory (route values by name, <c>HttpRequest</c>,
    /// <c>CancellationToken</c>, <c>[DurableClient]</c> from services), on an instance of its class made from the
    /// request's services, as the worker makes one per invocation; its attributes describe it in the OpenAPI document.
    /// </summary>
    public static WebApplication MapShopFunctions(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var functions = app.Services.GetRequiredService<FunctionCatalog>();
        var hostJson = app.Services.GetRequiredService<HostJson>();
        var prefix = hostJson.RoutePrefix.Length == 0 ? string.Empty : "/" + hostJson.RoutePrefix;
        foreach (var function in functions)
        {
            if (function.Trigger is not HttpTrigger http || function.Method is not { } method)
            {
                continue;
            }

            var pattern = RoutePatternFactory.Parse($"{prefix}/{http.Route}");
            var options = new RequestDelegateFactoryOptions
            {
                ServiceProvider = app.Services,
                RouteParameterNames = pattern.Parameters.Select(p => p.Name).ToList(),
            };
            var type = method.DeclaringType!;
            var handler = RequestDelegateFactory.Create(
                method,
                method.IsStatic ? null : context => ActivatorUtilities.GetServiceOrCreateInstance(context.RequestServices, type),
                options);
            var endpoint = app.MapMethods(pattern.RawText!, http.Methods, handler.RequestDelegate)
                .WithName(function.Name)
                .WithMetadata(function, method)
                .WithMetadata([.. handler.EndpointMetadata])
                .WithMetadata([.. method.GetCustomAttributes(inherit: true)]);
            // What the gate and JsonBody may answer, whatever the function does.
            var declared = method.GetCustomAttributes<ProducesProblemAttribute>().Select(p => p.StatusCode).ToHashSet();
            var gate = new List<int> { StatusCodes.Status413PayloadTooLarge };
            if (http.Auth == FunctionAuth.Admin)
            {
                gate.AddRange([StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden]);
            }

            if (method.GetCustomAttribute<JsonBodyAttribute>() is not null)
            {
                gate.AddRange([StatusCodes.Status400BadRequest, StatusCodes.Status415UnsupportedMediaType]);
            }

            endpoint.WithMetadata([.. gate.Where(declared.Add).Select(code => new ProducesProblemAttribute(code))]);

            if (http.Auth == FunctionAuth.Development && !app.Environment.IsDevelopment())
            {
                endpoint.ExcludeFromDescription();
            }
        }

        return app;
    }

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
