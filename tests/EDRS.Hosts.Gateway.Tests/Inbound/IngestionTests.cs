using System.Net;
using System.Text;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.InboundApi;

namespace EDRS.Hosts.Gateway.Tests.Inbound;

/// <summary>Ingestion over REST: validation names the field, a batch reports per item and never half-applies one.</summary>
public sealed class IngestionTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    public static TheoryData<string, object?, string> BadFields => new()
    {
        { "eventId", "not-a-uuid", "eventId" },
        { "eventId", "0192f8a0-7c1e-4b2a-9c3d-2e4f5a6b7c8d", "eventId" }, // a UUIDv4, not v7
        { "source", "", "source" },
        { "source", new string('s', 201), "source" },
        { "eventType", "Support.TicketOpened", "eventType" },
        { "eventType", "support", "eventType" },
        { "eventType", "support.ticket.opened", "eventType" },
        { "priority", "urgent", "priority" },
        { "priority", null, "priority" },
        { "payload", new[] { 1, 2 }, "payload" },
        { "payload", "text", "payload" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_malformed_event_is_a_400_naming_the_field_and_nothing_is_journaled(string field, object? value, string named)
    {
        var e = Event();
        e[field] = value;
        using var response = await gateway.Client.PostJsonAsync("/api/v1/events", e);
        var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(named, out _), problem.ToString());
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from mt_streams where id like $1", $"event/{TestClients.Default}/%{e["eventId"]}%"));
    }

    [Fact]
    public async Task A_payload_over_one_megabyte_is_refused_naming_the_payload()
    {
        var e = Event();
        e["payload"] = new Dictionary<string, string> { ["blob"] = new string('x', 1_000_001) };
        using var response = await gateway.Client.PostJsonAsync("/api/v1/events", e);
        // Over the gateway's 1 MiB body limit too: either way it is refused before anything is journaled.
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, response.StatusCode.ToString());
    }

    [Fact]
    public async Task Malformed_json_is_a_400_not_a_500()
    {
        using var content = new StringContent("{\"eventId\": ", Encoding.UTF8, "application/json");
        using var response = await gateway.Client.PostAsync("/api/v1/events", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_accepted_event_is_journaled_before_the_202_and_its_history_says_where_it_went()
    {
        await gateway.Client.HireHandlingAsync("ingest-ada", "ingest.*");
        var e = Event(eventType: "ingest.thing_happened");
        var receipt = await gateway.Client.PublishAsync(e);
        Assert.Equal("ingest-ada", receipt.GetProperty("routedTo").GetString());
        Assert.False(receipt.GetProperty("duplicate").GetBoolean());
        // Journaled by the time the 202 arrived: the event's own stream holds the event and the decision.
        Assert.Equal(2, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", $"event/{TestClients.Default}/{e["eventId"]}"));
        var history = await (await gateway.Client.GetAsync($"/api/v1/events/{e["eventId"]}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(42, history.GetProperty("payload").GetProperty("ticket").GetInt32());
        var decision = Assert.Single(history.GetProperty("decisions").EnumerateArray());
        Assert.Equal("routed", decision.GetProperty("kind").GetString());
        Assert.Contains("ingest.thing_happened", decision.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_batch_reports_each_item_and_a_bad_item_leaves_no_trace_while_the_good_ones_are_accepted()
    {
        await gateway.Client.HireHandlingAsync("batch-bob", "batch.*");
        var good1 = Event(eventType: "batch.one");
        var bad = Event(eventType: "Batch.Bad");
        var good2 = Event(eventType: "batch.two", priority: "critical");
        var firstSeen = Event(eventType: "batch.three");
        await gateway.Client.PublishAsync(firstSeen);

        using var response = await gateway.Client.PostJsonAsync("/api/v1/events/batch", new { events = new object?[] { good1, bad, good2, firstSeen, null } });
        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, body.GetProperty("duplicates").GetInt32());
        Assert.Equal(2, body.GetProperty("invalid").GetInt32());
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["accepted", "invalid", "accepted", "duplicate", "invalid"], items.Select(i => i.GetProperty("status").GetString()));
        Assert.Equal("events[1].eventType", items[1].GetProperty("field").GetString());
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from mt_streams where id = $1", $"event/{TestClients.Default}/{bad["eventId"]}"));
        Assert.Equal(1, await gateway.Database.AssignmentsAsync((string)good1["eventId"]!));
        Assert.Equal(1, await gateway.Database.AssignmentsAsync((string)firstSeen["eventId"]!));
    }

    [Fact]
    public async Task A_batch_over_500_events_is_refused_as_a_whole()
    {
        var events = Enumerable.Range(0, 501).Select(_ => Event()).ToArray();
        using var response = await gateway.Client.PostJsonAsync("/api/v1/events/batch", new { events });
        var problem = await response.ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("events", out _));
    }
}
