using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shop.Functions.Tests.Storefront;

namespace Shop.Functions.Tests.Contract;

/// <summary>
/// The served OpenAPI document tells the truth: every response of the HTTP suite is checked against it
/// (<see cref="ContractCheck"/>); these tests show the check catches a mismatch, and pin what the document says of the
/// fields a generated client would get wrong.
/// </summary>
public sealed class OpenApiContractTests(StorefrontFactory app) : IClassFixture<StorefrontFactory>
{
    private const string Document = """
        {
          "openapi": "3.1.1",
          "paths": {
            "/api/things/{id}": {
              "get": {
                "responses": {
                  "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
                  "404": { "content": { "application/problem+json": { "schema": { "type": "object" } } } }
                }
              }
            }
          },
          "components": {
            "schemas": {
              "Thing": {
                "type": "object",
                "required": [ "id" ],
                "properties": { "id": { "type": "string" }, "note": { "type": [ "null", "string" ] } },
                "additionalProperties": false
              }
            }
          }
        }
        """;

    [Fact]
    public void Check_AcceptsADeclaredResponse_AndNamesEveryKindOfMismatch()
    {
        var contract = new OpenApiContract(Document);

        Assert.Empty(Check(contract, 200, "application/json", """{ "id": "a" }"""));
        Assert.Empty(Check(contract, 404, "application/problem+json", """{ "title": "no" }"""));
        Assert.Contains("Required properties", Assert.Single(Check(contract, 200, "application/json", """{ "note": "x" }""")), StringComparison.Ordinal);
        Assert.Contains("/extra", Assert.Single(Check(contract, 200, "application/json", """{ "id": "a", "extra": 1 }""")), StringComparison.Ordinal);
        Assert.Contains("/id", Assert.Single(Check(contract, 200, "application/json", """{ "id": 7 }""")), StringComparison.Ordinal);
        Assert.Contains("status 500 is not declared", Assert.Single(Check(contract, 500, "application/problem+json", "{}")), StringComparison.Ordinal);
        Assert.Contains("'text/html' is not declared", Assert.Single(Check(contract, 200, "text/html", "<p>")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServedDocument_MakesOptionalWhatTheApiLeavesOut_AndRequiresWhatCheckoutNeeds()
    {
        using var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync(new Uri("/api/openapi/v1.json", UriKind.Relative)));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        string[] Required(string schema) => schemas.GetProperty(schema).TryGetProperty("required", out var r) ? [.. r.EnumerateArray().Select(e => e.GetString()!)] : [];

        Assert.DoesNotContain("tax", Required("CartTotalsDto"));
        Assert.DoesNotContain("shipping", Required("CartTotalsDto"));
        Assert.DoesNotContain("email", Required("CartDto"));
        Assert.DoesNotContain("expectedTotal", Required("CheckoutRequest"));
        Assert.Equal(["email", "paymentMethod", "shippingAddress"], Required("CheckoutRequest").Order(StringComparer.Ordinal));
        Assert.DoesNotContain("line2", Required("AddressDto"));
        Assert.DoesNotContain("region", Required("AddressDto"));
        Assert.Contains("line1", Required("AddressDto"));
        Assert.True(schemas.GetProperty("ProblemDetails").GetProperty("properties").TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task StorefrontCalls_AreCheckedAgainstTheDocument_AndMatchIt()
    {
        var client = app.CreateClient();
        var before = app.Contract.Checked;

        (await client.GetAsync(new Uri("/api/products?pageSize=2", UriKind.Relative))).EnsureSuccessStatusCode();
        var created = await client.PostAsync(new Uri("/api/carts", UriKind.Relative), null);
        created.EnsureSuccessStatusCode();
        var cart = await created.Content.ReadFromJsonAsync<JsonElement>();
        var bad = await client.PostAsync(
            new Uri($"/api/carts/{cart.GetProperty("id").GetString()}/items", UriKind.Relative),
            new StringContent("""{ "sku": "A", "quantity": 0 }""", Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(app.Contract.Checked >= before + 3, "the contract check did not see the calls");
        Assert.Empty(app.Contract.Violations);
    }

    private static IReadOnlyList<string> Check(OpenApiContract contract, int status, string contentType, string body) =>
        contract.Check("GET", "/api/things/42", status, contentType, Encoding.UTF8.GetBytes(body));
}
