using System.Net;
using System.Text.Json;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using EDRS.Testing.Http;

namespace EDRS.Hosts.Gateway.Tests.Sessions;

/// <summary>
/// A persona's chat model calling a tool, seen through the REST API: in a session turn (the reply and the turn read back),
/// and in a workflow's <c>persona</c> step (the step's view).
/// </summary>
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

    [Fact]
    public async Task A_persona_steps_tool_calls_show_in_the_workflows_step_view()
    {
        // A tenant of its own: the tool's name is the model's, and the other test's registration of it (another server) is
        // what the default tenant's members have cached.
        var client = await gateway.ClientForAsync(TestClients.TenantA);
        await using var crm = await RecordingHttpServer.StartAsync();
        crm.Respond = _ => new ScriptedResponse(Body: """{"ticket":"T-21"}""");
        using (var registered = await client.SendAsync(HttpMethod.Post, "/api/v1/tools",
            JsonSerializer.Serialize(new { name = ToolCallingGateway.Tool, urlTemplate = $"{crm.BaseUrl}/tickets" })))
            await registered.ReadJsonAsync(HttpStatusCode.Created);
        var personaId = $"bo-{Guid.NewGuid():N}"[..16];
        using (var hired = await client.SendAsync(HttpMethod.Post, "/api/v1/personas",
            JsonSerializer.Serialize(new { id = personaId, name = "Bo", skills = new[] { "support" }, tools = new[] { ToolCallingGateway.Tool } })))
            await hired.ReadJsonAsync(HttpStatusCode.Created);
        var template = $"triage-{Guid.NewGuid():N}"[..16];
        var definition = new
        {
            steps = new[] { new { id = "draft", kind = "persona", persona = personaId, prompt = "What is open for {{$.input.customer}}?", tools = new[] { ToolCallingGateway.Tool } } },
        };
        using (var registered = await client.SendAsync(HttpMethod.Post, "/api/v1/workflows/templates", JsonSerializer.Serialize(new { name = template, definition })))
            await registered.ReadJsonAsync(HttpStatusCode.Created);
        using var started = await client.SendAsync(HttpMethod.Post, "/api/v1/workflows", JsonSerializer.Serialize(new { template, input = new { customer = "c-42" } }));
        var workflowId = (await started.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("workflowId").GetString()!;

        var done = await Eventually.ValueAsync(() => client.GetJsonAsync($"/api/v1/workflows/{workflowId}"),
            w => w.GetProperty("status").GetString() != "running", "the workflow to finish");

        Assert.Equal("completed", done.GetProperty("status").GetString());
        var step = Assert.Single(done.GetProperty("steps").EnumerateArray());
        var call = Assert.Single(step.GetProperty("toolCalls").EnumerateArray());
        Assert.Equal((1, "call-1", ToolCallingGateway.Tool, true),
            (call.GetProperty("attempt").GetInt32(), call.GetProperty("callId").GetString(), call.GetProperty("tool").GetString(), call.GetProperty("succeeded").GetBoolean()));
        Assert.Equal("c-42", JsonDocument.Parse(call.GetProperty("arguments").GetString()!).RootElement.GetProperty("customer").GetString());
        Assert.Contains("T-21", call.GetProperty("result").GetString(), StringComparison.Ordinal);
        Assert.Equal($"wf:{TestClients.TenantA}/{workflowId}/draft/1/call-1", Assert.Single(crm.To("/tickets")).IdempotencyKey);
    }
}
