using Microsoft.OpenApi;
using Scalar.AspNetCore;
using Shop.Hosting.Functions;
using Shop.Hosting.Http;

namespace Shop.Functions;

/// <summary>The OpenAPI document (always, at <c>/api/openapi/v1.json</c>) and the Scalar reference (Development, at <c>/api/docs</c>).</summary>
public static class ApiDocs
{
    public const string DocumentRoute = "/api/openapi/{documentName}.json";

    public static IServiceCollection AddShopApiDocs(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Shop API",
                Version = "v1",
                Description = "Storefront, checkout, orders and operations of the Shop commerce backend. "
                    + $"Admin operations need the admin key in the {AdminOptions.HeaderName} header.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["adminKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = AdminOptions.HeaderName,
                Description = "The admin key (setting Admin__ApiKey).",
            };
            return Task.CompletedTask;
        }).AddOperationTransformer((operation, context, _) =>
        {
            // Admin operations name the admin-key scheme, so clients and the reference send it.
            var function = context.Description.ActionDescriptor.EndpointMetadata.OfType<FunctionDeclaration>().FirstOrDefault();
            if (function?.Trigger is HttpTrigger { Auth: FunctionAuth.Admin })
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("adminKey", context.Document)] = [] });
            }

            // A function reads its query string itself; its [QueryParameter]s say what it reads.
            foreach (var query in context.Description.ActionDescriptor.EndpointMetadata.OfType<QueryParameterAttribute>())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = query.Name,
                    In = ParameterLocation.Query,
                    Description = query.Description,
                    Schema = new OpenApiSchema
                    {
                        Type = query.Type == typeof(int) ? JsonSchemaType.Integer : query.Type == typeof(bool) ? JsonSchemaType.Boolean : JsonSchemaType.String,
                        Format = query.Type == typeof(int) ? "int32" : null,
                    },
                });
            }

            return Task.CompletedTask;
        }));

    public static WebApplication MapShopApiDocs(this WebApplication app)
    {
        app.MapOpenApi(DocumentRoute);
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference("/api/docs", options => options
                .WithTitle("Shop API")
                .WithOpenApiRoutePattern(DocumentRoute));
        }

        return app;
    }
}
