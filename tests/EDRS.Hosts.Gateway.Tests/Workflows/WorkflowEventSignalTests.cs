using System.Net;
using System.Text.Json;
using EDRS.Testing;
using EDRS.Testing.Gateway;

namespace EDRS.Hosts.Gateway.Tests.Workflows;

/// <summary>
/// A signal step that waits for a matching inbound event: an event of the step's type carrying the run's correlation id in
/// its metadata delivers the signal, with the event as the step's output — whether it comes before or after the step
/// starts waiting, once per event, never to another run or another tenant's run; a run that ends stops waiting.
/// </summary>
public sealed class WorkflowEventSignalTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string WorkflowsPath = "/api/v1/workflows";

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, string json, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.SendAsync(HttpMethod.Post, path, json);
        return await response.ReadJsonAsync(expected);
    }

    private static JsonElement Step(JsonElement workflow, string id) => workflow.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("stepId").GetString() == id);

    /// <summary>A template that waits <paramref name="waitSeconds"/>, then for the payment event of its order.</summary>
    private static Task RegisterAsync(HttpClient client, string name, double waitSeconds = 0) => PostAsync(client, $"{WorkflowsPath}/templates", $$$"""
        {"name":"{{{name}}}","definition":{"steps":[
          {"id":"settle","kind":"wait","seconds":{{{waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}}} },
          {"id":"paid","kind":"signal","signal":"payment","dependsOn":["settle"],
           "event":{"type":"billing.payment_*","correlation":"$.input.orderId"}}],
         "output":{"amount":"$.steps.paid.output.payload.amount","type":"$.steps.paid.output.eventType"} } }
        """, HttpStatusCode.Created);

    private static Dictionary<string, object?> Payment(string orderId, string eventType = "billing.payment_received", int amount = 120)
    {
        var e = InboundApi.Event(eventType: eventType);
        e["payload"] = new Dictionary<string, object> { ["amount"] = amount };
        e["metadata"] = new Dictionary<string, string> { ["correlationId"] = orderId };
        return e;
    }

    private async Task<string> StartAsync(HttpClient client, string template, string orderId) =>
        (await PostAsync(client, WorkflowsPath, $$$"""{"template":"{{{template}}}","input":{"orderId":"{{{orderId}}}"}}""", HttpStatusCode.Created))
            .GetProperty("workflowId").GetString()!;

    [Fact]
    public async Task An_event_with_the_runs_correlation_id_delivers_the_signal_and_only_to_that_run()
    {
        await RegisterAsync(gateway.Client, "await-payment");
        var mine = await StartAsync(gateway.Client, "await-payment", "order-1001");
        var other = await StartAsync(gateway.Client, "await-payment", "order-1002");
        await Eventually.ValueAsync(() => gateway.Client.GetJsonAsync($"{WorkflowsPath}/{mine}"),
            w => Step(w, "paid").GetProperty("status").GetString() == "running", "the signal step to wait");

        await gateway.Client.PublishAsync(Payment("order-1001", "billing.invoice_sent")); // another type: no match
        var payment = Payment("order-1001", amount: 120);
        await gateway.Client.PublishAsync(payment);
        await gateway.Client.PublishAsync(payment); // the same event again: one signal
        var done = await Eventually.ValueAsync(() => gateway.Client.GetJsonAsync($"{WorkflowsPath}/{mine}"),
            w => w.GetProperty("status").GetString() != "running", "the run to finish");
        var waiting = await gateway.Client.GetJsonAsync($"{WorkflowsPath}/{other}");
        var signals = await gateway.Database.CountAsync(
            "select count(*) from mt_events where type = 'workflow_signal_received' and stream_id = $1", $"workflow/{TestClients.Default}/{mine}");

        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(120, done.GetProperty("output").GetProperty("amount").GetInt32());
        Assert.Equal("billing.payment_received", done.GetProperty("output").GetProperty("type").GetString());
        Assert.Equal(1, signals);
        Assert.Equal("running", Step(waiting, "paid").GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_event_that_comes_before_the_step_waits_is_kept_for_it()
    {
        await RegisterAsync(gateway.Client, "late-wait", waitSeconds: 5);
        var id = await StartAsync(gateway.Client, "late-wait", "order-2001");

        await gateway.Client.PublishAsync(Payment("order-2001", amount: 75));
        var before = await gateway.Client.GetJsonAsync($"{WorkflowsPath}/{id}");
        var done = await Eventually.ValueAsync(() => gateway.Client.GetJsonAsync($"{WorkflowsPath}/{id}"),
            w => w.GetProperty("status").GetString() != "running", "the run to finish");

        Assert.Equal("pending", Step(before, "paid").GetProperty("status").GetString());
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.Equal(75, done.GetProperty("output").GetProperty("amount").GetInt32());
    }

    [Fact]
    public async Task Another_tenants_event_with_the_same_correlation_id_signals_nothing_here()
    {
        await RegisterAsync(gateway.Client, "tenant-payment");
        var id = await StartAsync(gateway.Client, "tenant-payment", "order-3001");
        var otherTenant = await gateway.ClientForAsync(TestClients.TenantB);

        await otherTenant.PublishAsync(Payment("order-3001"));
        // The publish is acknowledged after the event's reactions ran: had it signalled the run, it would have by now.
        var run = await gateway.Client.GetJsonAsync($"{WorkflowsPath}/{id}");

        Assert.Equal("running", run.GetProperty("status").GetString());
        Assert.Equal(0, await gateway.Database.CountAsync(
            "select count(*) from mt_events where type = 'workflow_signal_received' and stream_id = $1", $"workflow/{TestClients.Default}/{id}"));
    }

    [Fact]
    public async Task A_run_that_ends_stops_waiting_for_its_events()
    {
        await RegisterAsync(gateway.Client, "cancelled-payment");
        var id = await StartAsync(gateway.Client, "cancelled-payment", "order-4001");
        var waits = () => gateway.Database.CountAsync("select count(*) from edrs_workflow_event_waits where workflow_id = $1", id);
        Assert.Equal(1, await waits());

        await PostAsync(gateway.Client, $"{WorkflowsPath}/{id}/cancel", """{"reason":"order withdrawn"}""");
        await gateway.Client.PublishAsync(Payment("order-4001"));

        Assert.Equal(0, await waits());
        Assert.Equal("cancelled", (await gateway.Client.GetJsonAsync($"{WorkflowsPath}/{id}")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"id":"w","kind":"wait","seconds":1,"event":{"type":"billing.*","correlation":"$.input.id"}}""", "steps.w.event")]
    [InlineData("""{"id":"s","kind":"signal","signal":"paid","event":{"type":"Billing Paid!","correlation":"$.input.id"}}""", "steps.s.event.type")]
    [InlineData("""{"id":"s","kind":"signal","signal":"paid","event":{"type":"billing.*","correlation":"order"}}""", "steps.s.event.correlation")]
    public async Task A_bad_event_match_is_refused_naming_the_field(string step, string field)
    {
        using var response = await gateway.Client.SendAsync(HttpMethod.Post, $"{WorkflowsPath}/templates",
            $$$"""{"name":"bad-match","definition":{"steps":[{{{step}}}]}}""");
        var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
