using System.Text.Json;
using EDRS.Actors.Inbound;
using EDRS.Actors.Inbound.History;
using EDRS.Actors.Inbound.History.Events;
using EDRS.Actors.Inbound.Work;
using EDRS.Grains.Contracts.Events;
using EDRS.Persistence.Journal;
using EDRS.Testing.Gateway;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using static EDRS.Testing.Gateway.InboundApi;

namespace EDRS.Actors.Tests.Inbound;

/// <summary>The same event id again gets the first receipt and has no second effect, also after a restart.</summary>
public sealed class IdempotencyTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task The_same_event_a_thousand_times_has_one_effect_and_always_the_first_receipt_even_after_a_restart()
    {
        await gateway.Client.HireHandlingAsync("dedup-ada", "dedup.*");
        await gateway.Client.HireHandlingAsync("dedup-bob", "dedup.*");
        var e = Event(eventType: "dedup.happened", priority: "high");
        var first = await gateway.Client.PublishAsync(e);
        Assert.False(first.GetProperty("duplicate").GetBoolean());

        var receipts = new List<System.Text.Json.JsonElement>();
        var gate = new SemaphoreSlim(16);
        var tasks = Enumerable.Range(0, 999).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                return await gateway.Client.PublishAsync(e);
            }
            finally
            {
                gate.Release();
            }
        });
        receipts.AddRange(await Task.WhenAll(tasks));

        Assert.All(receipts, r =>
        {
            Assert.True(r.GetProperty("duplicate").GetBoolean());
            Assert.Equal(first.GetProperty("acceptedAt").GetDateTimeOffset(), r.GetProperty("acceptedAt").GetDateTimeOffset());
            Assert.Equal(first.GetProperty("routedTo").GetString(), r.GetProperty("routedTo").GetString());
        });
        var eventId = (string)e["eventId"]!;
        Assert.Equal(2, await gateway.Database.CountAsync("select count(*) from mt_events where stream_id = $1", $"event/{TestClients.Default}/{eventId}"));
        Assert.Equal(1, await gateway.Database.AssignmentsAsync(eventId));

        await gateway.RestartAsync();
        var afterRestart = await gateway.Client.PublishAsync(e);
        Assert.True(afterRestart.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("routedTo").GetString(), afterRestart.GetProperty("routedTo").GetString());
        Assert.Equal(1, await gateway.Database.AssignmentsAsync(eventId));
        var owner = first.GetProperty("routedTo").GetString()!;
        Assert.Equal([eventId], await gateway.Client.InboxIdsAsync(owner));
    }

    [Fact]
    public async Task An_event_id_in_another_case_is_the_same_event()
    {
        // A type no persona of this class handles: routed, it would land in an inbox another test counts.
        var e = Event(eventType: "casefold.happened");
        var first = await gateway.Client.PublishAsync(e);
        e["eventId"] = ((string)e["eventId"]!).ToUpperInvariant();
        var again = await gateway.Client.PublishAsync(e);
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("eventId").GetString(), again.GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task A_router_that_died_after_journaling_but_before_delivering_is_healed_by_the_repeat_with_one_effect()
    {
        await gateway.Client.HireHandlingAsync("heal-ada", "heal.*");
        var e = Event(eventType: "heal.needed", priority: "critical");
        var eventId = (string)e["eventId"]!;
        // What a router leaves behind if its process dies right after the journal commit: the event's stream with the
        // decision and the receipt, and no WorkAssigned anywhere (written here with the member's own journal).
        var journal = gateway.Services.GetRequiredService<IEventJournal>();
        var now = DateTimeOffset.UtcNow;
        var receipt = new EventReceipt { EventId = eventId, AcceptedAt = Timestamp.FromDateTimeOffset(now), RoutedTo = "heal-ada" };
        await journal.AppendAsync(new AppendRequest(EventIdentities.EventStream(TestClients.Default, eventId), 0,
        [
            new EventReceived(eventId, "helpdesk", "heal.needed", WorkPriority.Critical, JsonDocument.Parse("{}").RootElement,
                new Dictionary<string, string>(), now, now, 0),
            new EventRouted("heal-ada", "least open work (0) of 1 persona(s) handling heal.needed", 1, now),
        ], eventId, receipt.ToByteArray()));
        Assert.Empty(await gateway.Client.InboxIdsAsync("heal-ada"));

        // The client never got its answer, so it retries: the same receipt, and now the work is in the inbox.
        var retried = await gateway.Client.PublishAsync(e);
        Assert.True(retried.GetProperty("duplicate").GetBoolean());
        Assert.Equal("heal-ada", retried.GetProperty("routedTo").GetString());
        Assert.Equal([eventId], await gateway.Client.InboxIdsAsync("heal-ada"));

        // More repeats, and repeats after the work was completed, change nothing.
        await gateway.Client.PublishAsync(e);
        using var completed = await gateway.Client.PostJsonAsync($"/api/v1/personas/heal-ada/inbox/{eventId}/complete", new { outcome = "done" });
        await completed.ReadJsonAsync(System.Net.HttpStatusCode.OK);
        await gateway.Client.PublishAsync(e);
        Assert.Empty(await gateway.Client.InboxIdsAsync("heal-ada"));
        Assert.Equal(1, await gateway.Database.AssignmentsAsync(eventId));
    }
}
