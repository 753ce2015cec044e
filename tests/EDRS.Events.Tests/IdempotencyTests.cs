using static EDRS.Events.Tests.EventsApiClient;

namespace EDRS.Events.Tests;

/// <summary>The same event id again gets the first receipt and has no second effect, also after a restart.</summary>
public sealed class IdempotencyTests(EventsGateway gateway) : IClassFixture<EventsGateway>
{
    [Fact]
    public async Task The_same_event_a_thousand_times_has_one_effect_and_always_the_first_receipt_even_after_a_restart()
    {
        await gateway.Client.HireAsync("dedup-ada", "dedup.*");
        await gateway.Client.HireAsync("dedup-bob", "dedup.*");
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
        Assert.Equal(2, await gateway.CountAsync("select count(*) from mt_events where stream_id = $1", $"event/{EventsGateway.Tenant}/{eventId}"));
        Assert.Equal(1, await gateway.AssignmentsAsync(eventId));

        await gateway.RestartAsync();
        var afterRestart = await gateway.Client.PublishAsync(e);
        Assert.True(afterRestart.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("routedTo").GetString(), afterRestart.GetProperty("routedTo").GetString());
        Assert.Equal(1, await gateway.AssignmentsAsync(eventId));
        var owner = first.GetProperty("routedTo").GetString()!;
        Assert.Equal([eventId], await gateway.Client.InboxIdsAsync(owner));
    }

    [Fact]
    public async Task An_event_id_in_another_case_is_the_same_event()
    {
        var e = Event(eventType: "dedup.case_folded");
        var first = await gateway.Client.PublishAsync(e);
        e["eventId"] = ((string)e["eventId"]!).ToUpperInvariant();
        var again = await gateway.Client.PublishAsync(e);
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("eventId").GetString(), again.GetProperty("eventId").GetString());
    }
}
