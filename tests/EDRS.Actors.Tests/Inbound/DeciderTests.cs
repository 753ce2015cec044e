using System.Collections.Immutable;
using EDRS.Actors.Inbound.Routing;
using EDRS.Actors.Inbound.Work;
using EDRS.Actors.Personas.Inbox;
using EDRS.Grains.Contracts.Events;

namespace EDRS.Actors.Tests.Inbound;

/// <summary>The pure routing rules, without the actor runtime.</summary>
public sealed class DeciderTests
{
    [Theory]
    [InlineData("support.*", "support.ticket_opened", true)]
    [InlineData("support.*", "billing.ticket_opened", false)]
    [InlineData("billing.invoice_*", "billing.invoice_overdue", true)]
    [InlineData("billing.invoice_*", "billing.refund_requested", false)]
    [InlineData("*.created", "persona.created", true)]
    [InlineData("billing.refund_requested", "billing.refund_requested", true)]
    [InlineData("billing.refund", "billing.refund_requested", false)]
    [InlineData("*", "anything.at_all", true)]
    public void Patterns_match_whole_event_types(string pattern, string eventType, bool matches) =>
        Assert.Equal(matches, EventTypePatterns.Matches(pattern, eventType));

    [Fact]
    public void The_least_loaded_match_wins_and_ties_rotate()
    {
        var personas = new[] { Persona("a", "x.*"), Persona("b", "x.*"), Persona("c", "y.*") };
        var loads = new Dictionary<string, int> { ["a"] = 3, ["b"] = 1, ["c"] = 0 };
        uint rotation = 0;
        Assert.Equal("b", RoutingDecider.Choose(personas, loads, "x.go", null, ref rotation).PersonaId);
        loads["a"] = 1;
        var picks = Enumerable.Range(0, 4).Select(_ => RoutingDecider.Choose(personas, loads, "x.go", null, ref rotation).PersonaId).ToList();
        Assert.Equal(2, picks.Count(p => p == "a"));
        Assert.Equal(2, picks.Count(p => p == "b"));
        Assert.Null(RoutingDecider.Choose(personas, loads, "z.go", null, ref rotation).PersonaId);
        Assert.Equal("a", RoutingDecider.Choose(personas, loads, "x.go", "b", ref rotation).PersonaId);
    }

    [Fact]
    public void The_inbox_orders_by_priority_then_arrival_and_knows_closed_work()
    {
        var inbox = PersonaInbox.Empty;
        var seq = 0L;
        foreach (var (id, priority) in new[] { ("l", WorkPriority.Low), ("n1", WorkPriority.Normal), ("c", WorkPriority.Critical), ("n2", WorkPriority.Normal) })
            inbox = inbox.Add(new InboxItem(id, "x.y", "s", priority, default, default, default, 2, ++seq));
        Assert.Equal(["c", "n1", "n2", "l"], inbox.Items.Select(i => i.EventId));
        inbox = inbox.Close("n1", remember: 1, returned: false);
        Assert.True(inbox.Knows("n1", 2));
        Assert.False(inbox.Knows("n1", 3));
        inbox = inbox.Close("c", remember: 1, returned: false);
        Assert.False(inbox.Knows("n1", 2));
        Assert.Equal(2, inbox.Open.Count);
    }

    private static RoutedPersona Persona(string id, params string[] handles)
    {
        var persona = new RoutedPersona { PersonaId = id };
        persona.Handles.AddRange(handles);
        return persona;
    }
}
