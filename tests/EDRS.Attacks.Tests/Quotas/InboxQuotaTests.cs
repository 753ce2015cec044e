using System.Net;
using EDRS.Grains.Contracts.Events;
using EDRS.Testing;
using EDRS.Testing.Gateway;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using static EDRS.Testing.Gateway.Api;

namespace EDRS.Attacks.Tests.Quotas;

/// <summary>
/// Work in flight is bounded: a persona's inbox takes at most <c>Quotas:OpenWorkPerPersona</c> open items (routing passes
/// a full persona by, so the event goes to another persona or waits unassigned), and a tenant's unassigned queue holds at
/// most <c>Quotas:UnassignedEventsPerTenant</c> events (a new event no persona can take is then a 409, never lost).
/// </summary>
public sealed class InboxQuotaTests(QuotaGateway gateway) : IClassFixture<QuotaGateway>
{
    [Fact]
    public async Task A_full_inbox_takes_no_more_work_and_the_next_event_waits_for_another_persona()
    {
        using var client = await gateway.ClientForAsync(TestClients.TenantA);
        await client.HireHandlingAsync("quota-busy", "quota.work_*");

        var receipts = new List<System.Text.Json.JsonElement>();
        for (var i = 0; i < 4; i++)
            receipts.Add(await client.PublishAsync(InboundApi.Event(eventType: "quota.work_item")));

        Assert.All(receipts.Take(3), r => Assert.Equal("quota-busy", r.GetProperty("routedTo").GetString()));
        Assert.True(receipts[3].GetProperty("unassigned").GetBoolean(), $"the fourth event waits: {receipts[3]}");
        var inbox = await client.InboxAsync("quota-busy");
        Assert.Equal(3, inbox.GetProperty("open").GetInt32());

        // Another persona that handles the type takes the waiting event.
        await client.HireHandlingAsync("quota-free", "quota.work_*");
        await Eventually.TrueAsync(async () => (await client.InboxAsync("quota-free")).GetProperty("open").GetInt32() == 1,
            "the waiting event reaches the persona with room");
    }

    [Fact]
    public async Task A_full_unassigned_queue_refuses_a_new_event_no_persona_handles_with_409()
    {
        using var client = await gateway.ClientForAsync(TestClients.TenantB);
        for (var i = 0; i < 4; i++)
            Assert.True((await client.PublishAsync(InboundApi.Event(eventType: "nobody.handles_this"))).GetProperty("unassigned").GetBoolean());

        var refused = InboundApi.Event(eventType: "nobody.handles_this");
        using var fifth = await client.PostJsonAsync("/api/v1/events", refused);
        await fifth.ReadLimitReachedAsync("Quotas:UnassignedEventsPerTenant");

        // Refused means not accepted: the event was not journaled, and the queue did not grow.
        using var read = await client.GetAsync($"/api/v1/events/{refused["eventId"]}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        var queue = await client.GetJsonAsync("/api/v1/events/unassigned");
        Assert.Equal(4, queue.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task In_a_batch_the_events_past_a_full_unassigned_queue_are_refused_alone()
    {
        using var client = await gateway.ClientForAsync(TestClients.Reader);
        var events = Enumerable.Range(0, 6).Select(_ => InboundApi.Event(eventType: "nobody.handles_batches")).ToList();

        using var response = await client.PostJsonAsync("/api/v1/events/batch", new { events });

        var body = await response.ReadJsonAsync(HttpStatusCode.OK);
        var statuses = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("status").GetString()).ToList();
        Assert.Equal(["accepted", "accepted", "accepted", "accepted", "refused", "refused"], statuses);
        Assert.Contains("Quotas:UnassignedEventsPerTenant", body.GetProperty("items")[5].GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_grpc_a_full_unassigned_queue_is_failed_precondition_with_an_error_info_naming_the_quota()
    {
        for (var i = 0; i < 4; i++)
            Assert.True((await gateway.Client.PublishAsync(InboundApi.Event(eventType: "nobody.grpc_handles_this"))).GetProperty("unassigned").GetBoolean());
        using var channel = gateway.OpenGrpcChannel();
        var events = new EventIngestion.EventIngestionClient(await gateway.GrpcForAsync(channel));

        var refused = await Assert.ThrowsAsync<RpcException>(() => events.PublishAsync(new BaseEvent
        {
            EventId = InboundApi.NewEventId(),
            Source = "grpc-attack",
            EventType = "nobody.grpc_handles_this",
            Priority = EventPriority.Normal,
            Payload = "{}",
            OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow),
        }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        var info = refused.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal("LIMIT_REACHED", info.Reason);
        Assert.Equal("Quotas:UnassignedEventsPerTenant", info.Metadata["limit"]);
    }
}
