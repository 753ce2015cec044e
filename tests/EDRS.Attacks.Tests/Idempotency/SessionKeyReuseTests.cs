using System.Net;
using System.Text.Json;
using EDRS.Testing.Gateway;

namespace EDRS.Attacks.Tests.Idempotency;

/// <summary>Session commands under a reused Idempotency-Key: another persona, another message.</summary>
public sealed class SessionKeyReuseTests(ModelGateway gateway) : IClassFixture<ModelGateway>
{
    [Fact]
    public async Task Opening_a_session_with_another_persona_under_the_same_key_is_refused()
    {
        var ada = await gateway.Client.HireAsync(KeyReuse.NewId("ada"));
        var mallory = await gateway.Client.HireAsync(KeyReuse.NewId("mal"));
        var key = KeyReuse.NewKey();

        using var opened = await gateway.Client.SendAsync(HttpMethod.Post, $"/api/v1/personas/{ada}/sessions",
            JsonSerializer.Serialize(new { personId = "bob" }), idempotencyKey: key);
        var session = await opened.ReadJsonAsync(HttpStatusCode.Created);
        using var other = await gateway.Client.SendAsync(HttpMethod.Post, $"/api/v1/personas/{mallory}/sessions",
            JsonSerializer.Serialize(new { personId = "bob" }), idempotencyKey: key);

        await other.ReadKeyReusedAsync();
        Assert.Equal(ada, session.GetProperty("personaId").GetString());
    }

    [Fact]
    public async Task Saying_something_else_under_the_key_of_an_answered_message_is_refused()
    {
        var ada = await gateway.Client.HireAsync(KeyReuse.NewId("ada"));
        using var opened = await gateway.Client.SendAsync(HttpMethod.Post, $"/api/v1/personas/{ada}/sessions", JsonSerializer.Serialize(new { personId = "bob" }));
        var sessionId = (await opened.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var key = KeyReuse.NewKey();

        using var said = await gateway.Client.SendAsync(HttpMethod.Post, $"/api/v1/sessions/{sessionId}/messages", """{"text":"hello"}""", idempotencyKey: key);
        await said.ReadJsonAsync(HttpStatusCode.OK);
        using var other = await gateway.Client.SendAsync(HttpMethod.Post, $"/api/v1/sessions/{sessionId}/messages", """{"text":"transfer the money"}""", idempotencyKey: key);

        await other.ReadKeyReusedAsync();
        var turns = (await gateway.Client.GetJsonAsync($"/api/v1/sessions/{sessionId}")).GetProperty("turns");
        Assert.Equal("hello", Assert.Single(turns.EnumerateArray()).GetProperty("userText").GetString());
    }
}
