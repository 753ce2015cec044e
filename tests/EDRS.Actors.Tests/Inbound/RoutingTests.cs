using System.Net;
using System.Net.Http.Json;
using EDRS.Testing.Gateway;
using static EDRS.Testing.Gateway.InboundApi;

namespace EDRS.Actors.Tests.Inbound;

/// <summary>Routing by the personas' patterns, their open work and the events' priority, through the real gateway.</summary>
public sealed class RoutingTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private HttpClient Client => gateway.Client;

    [Fact]
    public async Task An_event_goes_only_to_a_persona_whose_patterns_match_its_type()
    {
        await Client.HireHandlingAsync("skill-billing", "billing.invoice_*");
        await Client.HireHandlingAsync("skill-support", "support_x.*");
        var invoice = await Client.PublishAsync(Event(eventType: "billing.invoice_overdue"));
        var ticket = await Client.PublishAsync(Event(eventType: "support_x.ticket_opened"));
        Assert.Equal("skill-billing", invoice.GetProperty("routedTo").GetString());
        Assert.Equal("skill-support", ticket.GetProperty("routedTo").GetString());
    }

    [Fact]
    public async Task An_event_goes_to_the_matching_persona_with_the_least_open_work()
    {
        await Client.HireHandlingAsync("load-busy", "load.*");
        // Two events while load-busy is the only match: it has two open items.
        await Client.PublishAsync(Event(eventType: "load.first"));
        await Client.PublishAsync(Event(eventType: "load.second"));
        await Client.HireHandlingAsync("load-idle", "load.*");
        var next = await Client.PublishAsync(Event(eventType: "load.third"));
        Assert.Equal("load-idle", next.GetProperty("routedTo").GetString());
        var after = await Client.PublishAsync(Event(eventType: "load.fourth"));
        Assert.Equal("load-idle", after.GetProperty("routedTo").GetString());
        // Now 2 and 2: equal personas share (ties rotate).
        var tied = new List<string>();
        for (var i = 0; i < 4; i++)
            tied.Add((await Client.PublishAsync(Event(eventType: "load.tied"))).GetProperty("routedTo").GetString()!);
        Assert.Equal(2, tied.Count(t => t == "load-busy"));
        Assert.Equal(2, tied.Count(t => t == "load-idle"));
    }

    [Fact]
    public async Task The_inbox_serves_critical_before_high_before_normal_before_low_and_first_come_first_within_a_level()
    {
        await Client.HireHandlingAsync("prio-ada", "prio.*");
        var low = Event(eventType: "prio.a", priority: "low");
        var normal1 = Event(eventType: "prio.b", priority: "normal");
        var critical = Event(eventType: "prio.c", priority: "critical");
        var normal2 = Event(eventType: "prio.d", priority: "normal");
        var high = Event(eventType: "prio.e", priority: "high");
        foreach (var e in new[] { low, normal1, critical, normal2, high })
            await Client.PublishAsync(e);
        var inbox = await Client.InboxAsync("prio-ada");
        Assert.Equal(5, inbox.GetProperty("open").GetInt32());
        Assert.Equal(
            new[] { critical, high, normal1, normal2, low }.Select(e => (string)e["eventId"]!),
            inbox.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("eventId").GetString()!));
    }

    [Fact]
    public async Task An_event_nobody_handles_waits_unassigned_and_is_routed_when_a_matching_persona_is_hired()
    {
        var e = Event(eventType: "orphan.arrived", priority: "high");
        var receipt = await Client.PublishAsync(e);
        Assert.True(receipt.GetProperty("unassigned").GetBoolean());
        var queue = await (await Client.GetAsync("/api/v1/events/unassigned")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), i => i.GetProperty("eventId").GetString() == (string)e["eventId"]!);

        await Client.HireHandlingAsync("orphan-keeper", "orphan.*");
        var eventId = (string)e["eventId"]!;
        // Routing the queue is nudged by the hire and runs beside it: wait for it, without a timing assertion.
        for (var i = 0; i < 100 && !(await Client.InboxIdsAsync("orphan-keeper")).Contains(eventId); i++)
            await Task.Delay(50);
        Assert.Equal([eventId], await Client.InboxIdsAsync("orphan-keeper"));
        var after = await (await Client.GetAsync("/api/v1/events/unassigned")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(after.GetProperty("items").EnumerateArray(), i => i.GetProperty("eventId").GetString() == eventId);
        var history = await (await Client.GetAsync($"/api/v1/events/{eventId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["unassigned", "routed"], history.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("kind").GetString()));
        // A repeat of the event still has no second effect.
        var again = await Client.PublishAsync(e);
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal(1, await gateway.Database.AssignmentsAsync(eventId));
    }

    [Fact]
    public async Task Returned_work_goes_to_another_matching_persona_and_completed_work_leaves_the_inbox()
    {
        await Client.HireHandlingAsync("ret-one", "ret.*");
        await Client.HireHandlingAsync("ret-two", "ret.*");
        var e = Event(eventType: "ret.asked");
        var eventId = (string)e["eventId"]!;
        var first = (await Client.PublishAsync(e)).GetProperty("routedTo").GetString()!;
        var other = first == "ret-one" ? "ret-two" : "ret-one";

        using var returned = await Client.PostJsonAsync($"/api/v1/personas/{first}/inbox/{eventId}/return", new { reason = "not mine" });
        var ack = await returned.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(other, ack.GetProperty("routedTo").GetString());
        Assert.Empty(await Client.InboxIdsAsync(first));
        Assert.Equal([eventId], await Client.InboxIdsAsync(other));

        using var completed = await Client.PostJsonAsync($"/api/v1/personas/{other}/inbox/{eventId}/complete", new { outcome = "answered" });
        Assert.Equal(0, (await completed.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("open").GetInt32());
        Assert.Empty(await Client.InboxIdsAsync(other));
        // Completing again: the work is no longer open.
        using var twice = await Client.PostJsonAsync($"/api/v1/personas/{other}/inbox/{eventId}/complete", new { outcome = "again" });
        Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
    }

    [Fact]
    public async Task Work_returned_by_the_only_matching_persona_waits_unassigned()
    {
        await Client.HireHandlingAsync("solo-one", "solo.*");
        var e = Event(eventType: "solo.asked");
        var eventId = (string)e["eventId"]!;
        await Client.PublishAsync(e);
        using var returned = await Client.PostJsonAsync($"/api/v1/personas/solo-one/inbox/{eventId}/return", new { reason = "on leave" });
        var ack = await returned.ReadJsonAsync(HttpStatusCode.OK);
        Assert.False(ack.TryGetProperty("routedTo", out _));
        var queue = await (await Client.GetAsync("/api/v1/events/unassigned")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), i => i.GetProperty("eventId").GetString() == eventId);
    }

    [Fact]
    public async Task Unassigned_events_are_routed_when_a_persona_updates_its_patterns_to_match()
    {
        await Client.HireHandlingAsync("late-learner", "other.*");
        var e = Event(eventType: "newtopic.arrived");
        var eventId = (string)e["eventId"]!;
        Assert.True((await Client.PublishAsync(e)).GetProperty("unassigned").GetBoolean());

        using var updated = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/v1/personas/late-learner/profile")
        {
            Content = JsonContent.Create(new { name = "late-learner", skills = new[] { "work" }, handles = new[] { "other.*", "newtopic.*" } }),
        });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        for (var i = 0; i < 100 && !(await Client.InboxIdsAsync("late-learner")).Contains(eventId); i++)
            await Task.Delay(50);
        Assert.Equal([eventId], await Client.InboxIdsAsync("late-learner"));
    }

    [Fact]
    public async Task Nothing_crosses_tenants_events_personas_and_queues_are_the_tokens_tenant()
    {
        await Client.HireHandlingAsync("iso-ada", "iso.*");
        var e = Event(eventType: "iso.secret");
        var eventId = (string)e["eventId"]!;
        Assert.Equal("iso-ada", (await Client.PublishAsync(e)).GetProperty("routedTo").GetString());

        // The other tenant sees no such event, and the same event id there is its own, first event (not a duplicate).
        using var other = await gateway.ClientForAsync(TestClients.TenantB);
        using var peek = await other.GetAsync($"/api/v1/events/{eventId}");
        Assert.Equal(HttpStatusCode.NotFound, peek.StatusCode);
        var theirs = await other.PublishAsync(e);
        Assert.False(theirs.GetProperty("duplicate").GetBoolean());
        Assert.True(theirs.GetProperty("unassigned").GetBoolean()); // they have no persona handling iso.*
        using var inbox = await other.GetAsync("/api/v1/personas/iso-ada/inbox");
        Assert.Equal(HttpStatusCode.NotFound, inbox.StatusCode);
        var queue = await (await Client.GetAsync("/api/v1/events/unassigned")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(queue.GetProperty("items").EnumerateArray(), i => i.GetProperty("eventId").GetString() == eventId);
    }
}
