using System.Net;
using System.Text.Json;
using EDRS.Testing.Gateway;
using EDRS.Testing.Http;

namespace EDRS.Hosts.Gateway.Tests.Sessions;

/// <summary>A persona's chat model calling a tool in a session turn, seen through the REST API: in the reply and in the turn read back.</summary>
public sealed class SessionToolCallsApiTests(ToolCallingGateway gateway) : IClassFixture<ToolCallingGateway>
{
    [Fact]
    public async Task A_reply_and_its_turn_show_the_tool_the_model_called_with_its_arguments_and_result()
    {
        await using var crm = await RecordingHttpServer.StartAsync();
        crm.Respond = _ => new ScriptedResponse(Body: """{"ticket":"T-9"}""");
        using (var registered = await gateway.Client.SendAsync(HttpMethod.Post, "/api/v1/tools",
            JsonSerializer.Serialize(new { name = ToolCallingGateway.Tool, urlTemplate = $"{crm.BaseUrl}/tickets" })))
            await registered.ReadJsonAsync(HttpStatusCode.Created);
        var personaId = $"ada-{Guid.NewGuid():N}"[..16];
        using (var hired = await gateway.Client.SendAsync(HttpMethod.Post, "/api/v1/personas",
            JsonSerializer.Serialize(new { id = personaId, name = "Ada", skills = new[] { "support" }, tools = new[] { ToolCallingGateway.Tool } })))
            Assert.Equal(ToolCallingGateway.Tool, Assert.Single((await hired.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("tools").EnumerateArray()).GetString());
        var sessionId = await gateway.Client.OpenSessionAsync(personaId);

        using var said = await gateway.Client.PostJsonAsync($"/api/v1/sessions/{sessionId}/messages", """{"text":"what is open for c-42?"}""");
        var reply = await said.ReadJsonAsync(HttpStatusCode.OK);
        var turn = Assert.Single((await (await gateway.Client.GetAsync($"/api/v1/sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK)).GetProperty("turns").EnumerateArray());

        Assert.Contains("T-9", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        foreach (var shown in new[] { reply, turn })
        {
            var call = Assert.Single(shown.GetProperty("toolCalls").EnumerateArray());
            Assert.Equal(ToolCallingGateway.Tool, call.GetProperty("tool").GetString());
            Assert.True(call.GetProperty("succeeded").GetBoolean());
            Assert.Equal("c-42", JsonDocument.Parse(call.GetProperty("arguments").GetString()!).RootElement.GetProperty("customer").GetString());
            Assert.Contains("T-9", call.GetProperty("result").GetString(), StringComparison.Ordinal);
        }
        var sent = Assert.Single(crm.To("/tickets"));
        Assert.Equal($"ses:{sent.IdempotencyKey!.Split('/')[0][4..]}/{sessionId}/1/call-1", sent.IdempotencyKey);
    }
}
