using System.Net;
using System.Text.Json;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using EDRS.Testing.Http;
using static EDRS.Hosts.Gateway.Tests.Workflows.WorkflowsApiTests;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Hosts.Gateway.Tests.Workflows;

/// <summary>A rejected approval undoes the step before it, and <c>GET /api/v1/workflows/{id}</c> shows that step's compensation.</summary>
public sealed class WorkflowCompensationApiTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_rejected_approval_closes_the_opened_ticket_and_the_run_shows_the_compensation()
    {
        await using var crm = await RecordingHttpServer.StartAsync();
        crm.Respond = r => new ScriptedResponse(Body: r.Path == "/tickets" ? """{"ticket":"T-11"}""" : """{"closed":true}""");
        await PostAsync(gateway.Client, "/api/v1/tools", JsonSerializer.Serialize(new { name = "open-ticket-saga", urlTemplate = $"{crm.BaseUrl}/tickets" }), HttpStatusCode.Created);
        await PostAsync(gateway.Client, "/api/v1/tools", JsonSerializer.Serialize(new { name = "close-ticket-saga", urlTemplate = $"{crm.BaseUrl}/close" }), HttpStatusCode.Created);
        var template = """
            {"name":"ticket-saga","definition":{"steps":[
              {"id":"open","kind":"tool","tool":"open-ticket-saga","input":{"subject":"$.input.subject"},
               "compensate":{"kind":"tool","tool":"close-ticket-saga","input":{"ticket":"$.steps.open.output.body.ticket","reason":"$.error"}}},
              {"id":"review","kind":"approval","role":"admin","dependsOn":["open"]}]}}
            """;
        await PostAsync(gateway.Client, $"{WorkflowsPath}/templates", template, HttpStatusCode.Created);
        var id = (await PostAsync(gateway.Client, WorkflowsPath, """{"template":"ticket-saga","input":{"subject":"refund"}}""", HttpStatusCode.Created))
            .GetProperty("workflowId").GetString()!;
        await Eventually.ValueAsync(() => gateway.Client.GetJsonAsync($"{WorkflowsPath}/{id}"),
            w => Step(w, "review").GetProperty("status").GetString() == "running", "the approval step to wait");

        await PostAsync(gateway.Client, $"{WorkflowsPath}/{id}/approvals/review", """{"approved":false,"comment":"duplicate"}""");
        var done = await Eventually.ValueAsync(() => gateway.Client.GetJsonAsync($"{WorkflowsPath}/{id}"),
            w => w.GetProperty("status").GetString() is not ("running" or "compensating"), "the workflow to end");

        Assert.Equal("failed", done.GetProperty("status").GetString());
        var compensation = Step(done, "open").GetProperty("compensation");
        Assert.Equal(("succeeded", 1), (compensation.GetProperty("status").GetString(), compensation.GetProperty("attempts").GetInt32()));
        Assert.True(compensation.GetProperty("output").GetProperty("body").GetProperty("closed").GetBoolean());
        Assert.False(Step(done, "review").TryGetProperty("compensation", out _)); // nothing to undo: it never succeeded
        var close = Assert.Single(crm.To("/close"));
        Assert.Equal($"wf:{TestClients.Default}/{id}/open/compensate/1", close.IdempotencyKey);
        var body = JsonDocument.Parse(close.Body).RootElement;
        Assert.Equal("T-11", body.GetProperty("ticket").GetString());
        Assert.Contains("duplicate", body.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
