using System.Net;
using EDRS.Testing.Gateway;

namespace EDRS.Hosts.Gateway.Tests.Sessions;

/// <summary>With no model configured the gateway starts, and every session endpoint says what to set — never a made-up reply.</summary>
public sealed class NoModelTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("POST", "/api/v1/personas/ada/sessions", """{"personId":"bob"}""")]
    [InlineData("GET", "/api/v1/sessions/s-1", null)]
    [InlineData("POST", "/api/v1/sessions/s-1/messages", """{"text":"hello?"}""")]
    public async Task Every_session_endpoint_answers_503_saying_how_to_configure_a_model(string method, string path, string? body)
    {
        using var response = method == "GET" ? await gateway.Client.GetAsync(path) : await gateway.Client.PostJsonAsync(path, body);

        var problem = await response.ReadJsonAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("MODEL_PATH", detail, StringComparison.Ordinal);
        Assert.Contains("OPENAI_BASE_URL", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rest_of_the_api_works_without_a_model()
    {
        var personaId = await gateway.Client.HireAsync("ada-no-model");

        using var response = await gateway.Client.GetAsync($"/api/v1/personas/{personaId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
