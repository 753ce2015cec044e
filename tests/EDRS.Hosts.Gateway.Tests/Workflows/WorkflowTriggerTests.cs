using System.Net;
using System.Text.Json;
using EDRS.Testing;
using EDRS.Testing.Gateway;

namespace EDRS.Hosts.Gateway.Tests.Workflows;

/// <summary>
/// Templates with a trigger start by themselves for inbound events of a matching type, with the event as input — once per
/// event, only in the event's tenant — on the development gateway (every kind in-process, a real journal).
/// </summary>
public sealed class WorkflowTriggerTests(TriggerGateway gateway) : IClassFixture<TriggerGateway>
{
    private const string WorkflowsPath = "/api/v1/workflows";

    private static async Task RegisterAsync(HttpClient client, string name, string eventType)
    {
        using var response = await client.SendAsync(HttpMethod.Post, $"{WorkflowsPath}/templates", $$"""
            {"name":"{{name}}","definition":{"trigger":{"eventType":"{{eventType}}"},
             "steps":[{"id":"pause","kind":"wait","seconds":0.1}],
             "output":{"ticket":"$.input.payload.ticket","type":"$.input.eventType"} } }
            """);
        await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_event_of_a_matching_type_starts_the_template_once_with_the_event_as_input()
    {
        await RegisterAsync(gateway.Client, "triage", "support.*");
        var e = InboundApi.Event(eventType: "support.ticket_opened");
        var eventId = (string)e["eventId"]!;

        await gateway.Client.PublishAsync(e);
        await gateway.Client.PublishAsync(e);
        var other = InboundApi.Event(eventType: "billing.invoice_paid");
        await gateway.Client.PublishAsync(other);
        var run = await Eventually.ValueAsync(() => gateway.Client.GetJsonAsync($"{WorkflowsPath}/{eventId}.triage"),
            w => w.GetProperty("status").GetString() == "completed", "the triggered run to complete");
        using var notStarted = await gateway.Client.GetAsync($"{WorkflowsPath}/{other["eventId"]}.triage");
        var starts = await gateway.Database.CountAsync(
            "select count(*) from mt_events where type = 'workflow_started' and stream_id = $1", $"workflow/{TestClients.Default}/{eventId}.triage");

        Assert.Equal("triage", run.GetProperty("template").GetString());
        Assert.Equal(42, run.GetProperty("output").GetProperty("ticket").GetInt32());
        Assert.Equal("support.ticket_opened", run.GetProperty("output").GetProperty("type").GetString());
        Assert.Equal(1, starts);
        Assert.Equal(HttpStatusCode.NotFound, notStarted.StatusCode);
    }

    [Fact]
    public async Task Another_tenants_event_of_the_type_starts_nothing_here()
    {
        await RegisterAsync(gateway.Client, "escalate", "incident.*");
        var other = await gateway.ClientForAsync(TestClients.TenantB);
        var e = InboundApi.Event(eventType: "incident.raised");

        await other.PublishAsync(e);
        var mine = InboundApi.Event(eventType: "incident.raised");
        await gateway.Client.PublishAsync(mine);
        await Eventually.ValueAsync(() => gateway.Client.GetJsonAsync($"{WorkflowsPath}/{mine["eventId"]}.escalate"),
            w => w.GetProperty("status").GetString() == "completed", "this tenant's run to complete");
        using var theirs = await other.GetAsync($"{WorkflowsPath}/{e["eventId"]}.escalate");
        using var acrossTenants = await gateway.Client.GetAsync($"{WorkflowsPath}/{e["eventId"]}.escalate");

        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, acrossTenants.StatusCode);
    }

    [Fact]
    public async Task A_trigger_that_is_not_an_event_type_pattern_is_refused_naming_the_field()
    {
        using var response = await gateway.Client.SendAsync(HttpMethod.Post, $"{WorkflowsPath}/templates",
            """{"name":"bad-trigger","definition":{"trigger":{"eventType":"Support Tickets!"},"steps":[{"id":"a","kind":"wait","seconds":1}]}}""");
        var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("trigger.eventType", out _), problem.ToString());
    }
}
