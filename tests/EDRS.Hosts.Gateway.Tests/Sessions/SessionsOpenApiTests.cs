using System.Net;
using System.Text.Json;
using EDRS.Testing.Gateway;

namespace EDRS.Hosts.Gateway.Tests.Sessions;

/// <summary>The session endpoints in the gateway's OpenAPI document: summaries, problem responses, examples, the event stream.</summary>
public sealed class SessionsOpenApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Session_operations_document_their_problems_bodies_and_the_event_stream()
    {
        using var response = await gateway.Client.GetAsync("/api/openapi.json");
        var document = await response.ReadJsonAsync(HttpStatusCode.OK);
        var paths = document.GetProperty("paths");

        var open = paths.GetProperty("/api/v1/personas/{personaId}/sessions").GetProperty("post");
        var read = paths.GetProperty("/api/v1/sessions/{sessionId}").GetProperty("get");
        var say = paths.GetProperty("/api/v1/sessions/{sessionId}/messages").GetProperty("post");
        foreach (var operation in new[] { open, read, say })
        {
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()));
            foreach (var status in new[] { "400", "401", "403", "404", "429", "503" })
                Assert.True(operation.GetProperty("responses").GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), status);
        }
        var ok = say.GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(ok.TryGetProperty("application/json", out _));
        Assert.True(ok.TryGetProperty("text/event-stream", out _));

        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var name in new[] { "OpenSessionBody", "MessageBody", "ReplyResponse", "SessionResponse" })
        {
            var schema = schemas.GetProperty(name);
            Assert.True(schema.TryGetProperty("examples", out var examples) && examples.GetArrayLength() == 1, $"{name} has no example");
            Assert.All(schema.GetProperty("properties").EnumerateObject(), p => Assert.True(p.Value.TryGetProperty("description", out _), $"{name}.{p.Name} has no description"));
        }
        Assert.Equal(JsonValueKind.Object, schemas.GetProperty("TurnResponse").ValueKind);
    }
}
