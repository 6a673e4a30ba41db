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
        }).AddSchemaTransformer((schema, context, _) =>
        {
            // Every problem carries the request's traceId (ShopHostingExtensions: CustomizeProblemDetails); RFC 9457 lets a
            // problem carry extension members, so the document allows them rather than forbidding all but the standard five.
            if (typeof(Microsoft.AspNetCore.Mvc.ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
            {
                schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
                schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id, to find it in the logs." };
                schema.AdditionalProperties = null;
                schema.AdditionalPropertiesAllowed = true;
            }

            // Null properties are left out of the JSON (ShopHostingExtensions.ConfigureJson: WhenWritingNull), so a
            // property that may be null is optional: clients generated from the document must not require it.
            if (schema.Required is { Count: > 0 } required)
            {
                foreach (var property in context.JsonTypeInfo.Properties)
                {
                    if (property.AttributeProvider?.IsDefined(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute), inherit: true) == true)
                    {
                        // Nullable in C# so that a missing field is a 400 naming it, but a request without it never succeeds.
                        continue;
                    }

                    if (property.IsGetNullable || Nullable.GetUnderlyingType(property.PropertyType) is not null
                        || (schema.Properties?.TryGetValue(property.Name, out var declared) == true && IsNullable(declared)))
                    {
                        required.Remove(property.Name);
                    }
                }
            }

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

            foreach (var also in context.Description.ActionDescriptor.EndpointMetadata.OfType<AlsoProducesAttribute>())
            {
                if (operation.Responses?.TryGetValue(also.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true && response is OpenApiResponse declared)
                {
                    declared.Content ??= new Dictionary<string, OpenApiMediaType>();
                    foreach (var type in also.ContentTypes)
                    {
                        declared.Content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                    }
                }
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

    private static bool IsNullable(IOpenApiSchema schema) =>
        (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null))
        || (schema.OneOf?.Any(IsNullable) ?? false)
        || (schema.AnyOf?.Any(IsNullable) ?? false);

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
