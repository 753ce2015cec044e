using System.Net;
using System.Text.Json;
using EDRS.Testing.Gateway;

namespace EDRS.Hosts.Gateway.Tests.OpenApi;

/// <summary>The OpenAPI document and the two documentation UIs, served without a token. (`scripts/openapi-lint.sh` lints the document.)</summary>
public sealed class OpenApiDocumentTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task The_document_is_OpenAPI_3_1_with_the_bearer_scheme_required_by_default()
    {
        var document = await DocumentAsync();

        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());
        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        Assert.Equal("JWT", bearer.GetProperty("bearerFormat").GetString());
        Assert.True(document.GetProperty("security")[0].TryGetProperty("bearer", out _));
    }

    [Fact]
    public async Task Every_api_operation_documents_its_errors_as_problem_details_and_the_rate_limit_headers()
    {
        var document = await DocumentAsync();
        var operations = Operations(document).ToList();

        Assert.Equal(66, operations.Count); // auth 1, personas 9, sessions 3, events 4, inbox 3, memories 4, working memory 4, knowledge 9, tasks 9, tools 4, workflows 11, webhooks 5
        foreach (var (method, path, operation) in operations)
        {
            var responses = operation.GetProperty("responses");
            var expected = path.EndsWith("/token", StringComparison.Ordinal) ? new[] { "400", "401", "429" } : ["400", "401", "403", "429"];
            foreach (var status in expected)
            {
                Assert.True(responses.TryGetProperty(status, out var response), $"{method} {path} does not document {status}");
                Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path} {status} is not a problem document");
            }
            foreach (var response in responses.EnumerateObject())
                Assert.True(response.Value.GetProperty("headers").TryGetProperty("X-RateLimit-Remaining", out _), $"{method} {path} {response.Name} lacks the rate-limit headers");
            Assert.True(responses.GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()));
        }
    }

    [Fact]
    public async Task Only_the_token_endpoint_is_anonymous()
    {
        var document = await DocumentAsync();

        var anonymous = Operations(document).Where(o => o.Operation.TryGetProperty("security", out var security) && security.GetArrayLength() == 0)
            .Select(o => o.Operation.GetProperty("operationId").GetString());

        Assert.Equal(["IssueToken"], anonymous);
    }

    [Fact]
    public async Task Request_and_response_bodies_have_schemas_with_examples_and_field_descriptions()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        foreach (var name in new[] { "PersonaProfileBody", "PersonaResponse", "PersonaPageResponse", "FactBody", "FactAckResponse", "PersonResponse", "TokenResponse" })
        {
            var schema = schemas.GetProperty(name);
            Assert.True(schema.TryGetProperty("examples", out var examples) && examples.GetArrayLength() == 1, $"{name} has no example");
            Assert.All(schema.GetProperty("properties").EnumerateObject(), p => Assert.True(p.Value.TryGetProperty("description", out _), $"{name}.{p.Name} has no description"));
        }
        Assert.Equal("integer", schemas.GetProperty("PersonaResponse").GetProperty("properties").GetProperty("version").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("/api/docs/index.html", "swagger")]
    [InlineData("/api/redoc/index.html", "redoc")]
    public async Task The_documentation_pages_are_served(string path, string marker)
    {
        using var response = await gateway.Anonymous.GetAsync(path);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(marker, html, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await gateway.Anonymous.GetAsync("/api/openapi.json");
        return await response.ReadJsonAsync(HttpStatusCode.OK);
    }

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        select (operation.Name, path.Name, operation.Value);
}
