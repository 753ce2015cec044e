using EDRS.Actors.WorkingMemory;
using EDRS.Actors.WorkingMemory.Commands;
using EDRS.Actors.WorkingMemory.Events;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Tests.WorkingMemory;

public sealed class WorkingMemoryDeciderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static WorkingMemoryState Apply(WorkingMemoryState state, IEnumerable<WorkingMemoryEvent> events) =>
        events.Aggregate(state, WorkingMemoryDecider.Evolve);

    private static WorkingMemoryState Remember(WorkingMemoryState state, DateTimeOffset now, string text,
        MemoryPriority priority = MemoryPriority.Normal, int ttlSeconds = 0, string about = "") =>
        Apply(state, WorkingMemoryDecider.Decide(
            new RememberItem(text, priority, ttlSeconds, about), state, now));

    private static WorkingMemoryState Full(Func<int, MemoryPriority> priorityOf)
    {
        var state = WorkingMemoryState.Initial;
        for (var i = 0; i < WorkingMemoryLimits.Capacity; i++)
            state = Remember(state, T0.AddSeconds(i), $"item {i + 1}", priorityOf(i));
        return state;
    }

    [Fact]
    public void An_item_without_a_ttl_lives_for_one_hour()
    {
        var events = WorkingMemoryDecider.Decide(new RememberItem("standup moved to 10:30", MemoryPriority.Normal, 0, ""), WorkingMemoryState.Initial, T0);

        var added = Assert.IsType<WorkingMemoryItemAdded>(Assert.Single(events));
        Assert.Equal(T0.AddSeconds(3_600), added.ExpiresAt);
        Assert.Equal(MemoryPriority.Normal, added.Priority);
    }

    [Fact]
    public void An_item_is_live_until_its_ttl_and_gone_at_it()
    {
        var state = Remember(WorkingMemoryState.Initial, T0, "short", ttlSeconds: 60);

        Assert.Single(state.LiveAt(T0.AddSeconds(59)));
        Assert.Empty(state.LiveAt(T0.AddSeconds(60)));
    }

    [Fact]
    public void The_next_command_journals_the_expiry_of_items_whose_time_is_up()
    {
        var state = Remember(WorkingMemoryState.Initial, T0, "short", ttlSeconds: 60);
        state = Remember(state, T0, "long", ttlSeconds: 600);

        var events = WorkingMemoryDecider.Decide(new SweepExpired(), state, T0.AddSeconds(61));

        var expired = Assert.IsType<WorkingMemoryItemExpired>(Assert.Single(events));
        Assert.Equal(1, expired.ItemId);
        Assert.Equal(["long"], Apply(state, events).Items.Select(i => i.Text));
    }

    [Fact]
    public void Remembering_into_full_memory_evicts_the_lowest_priority_item_even_if_it_is_newer()
    {
        // Every item is HIGH except item 700 (LOW) and item 900 (LOW): the older of the two LOW ones goes.
        var state = Full(i => i is 699 or 899 ? MemoryPriority.Low : MemoryPriority.High);

        var events = WorkingMemoryDecider.Decide(new RememberItem("new", MemoryPriority.Normal, 0, ""), state, T0.AddHours(0.5));

        var evicted = Assert.IsType<WorkingMemoryItemEvicted>(events[0]);
        Assert.Equal(700, evicted.ItemId);
        Assert.Equal(1_001, evicted.ForItemId);
        var after = Apply(state, events);
        Assert.Equal(WorkingMemoryLimits.Capacity, after.Items.Count);
        Assert.DoesNotContain(after.Items, i => i.ItemId == 700);
        Assert.Contains(after.Items, i => i.ItemId == 900);
    }

    [Fact]
    public void Among_items_of_the_same_priority_the_oldest_is_evicted_first()
    {
        var state = Full(_ => MemoryPriority.Normal);

        state = Remember(state, T0.AddHours(0.4), "a");
        state = Remember(state, T0.AddHours(0.4), "b");

        Assert.Equal(WorkingMemoryLimits.Capacity, state.Items.Count);
        Assert.DoesNotContain(state.Items, i => i.ItemId is 1 or 2);
        Assert.Contains(state.Items, i => i.ItemId == 3);
    }

    [Fact]
    public void The_eviction_order_is_priority_then_age_over_all_five_levels()
    {
        var items = new[]
        {
            new HeldItem(1, "highest old", MemoryPriority.Highest, "", T0, T0.AddHours(1)),
            new HeldItem(2, "lowest new", MemoryPriority.Lowest, "", T0.AddMinutes(5), T0.AddHours(1)),
            new HeldItem(3, "normal", MemoryPriority.Normal, "", T0.AddMinutes(1), T0.AddHours(1)),
            new HeldItem(4, "lowest old", MemoryPriority.Lowest, "", T0.AddMinutes(2), T0.AddHours(1)),
            new HeldItem(5, "low", MemoryPriority.Low, "", T0.AddMinutes(3), T0.AddHours(1)),
            new HeldItem(6, "high", MemoryPriority.High, "", T0.AddMinutes(4), T0.AddHours(1)),
        };

        Assert.Equal([4, 2, 5, 3, 6, 1], WorkingMemoryDecider.EvictionOrder(items).Select(i => i.ItemId));
    }

    [Fact]
    public void A_full_memory_of_higher_priority_items_refuses_a_lower_priority_one_and_keeps_everything()
    {
        var state = Full(_ => MemoryPriority.High);

        var refused = Assert.Throws<CommandRejectedException>(() =>
            WorkingMemoryDecider.Decide(new RememberItem("trivia", MemoryPriority.Low, 0, ""), state, T0.AddHours(0.5)));

        Assert.Equal(RejectionReason.LimitReached, refused.Reason);
    }

    [Fact]
    public void Expired_items_make_room_before_anything_is_evicted()
    {
        var state = Full(_ => MemoryPriority.Highest);
        // Item 1 was added at T0 with the default TTL: at T0 + 1 h it has expired, so nothing needs evicting.
        var events = WorkingMemoryDecider.Decide(new RememberItem("new", MemoryPriority.Lowest, 0, ""), state, T0.AddSeconds(3_600));

        Assert.Collection(events,
            e => Assert.Equal(1, Assert.IsType<WorkingMemoryItemExpired>(e).ItemId),
            e => Assert.IsType<WorkingMemoryItemAdded>(e));
    }

    [Fact]
    public void Forgetting_an_item_removes_it_and_forgetting_an_expired_one_is_not_found()
    {
        var state = Remember(WorkingMemoryState.Initial, T0, "x", ttlSeconds: 10);

        var removed = WorkingMemoryDecider.Decide(new ForgetItem(1), state, T0.AddSeconds(5));
        var late = Assert.Throws<CommandRejectedException>(() => WorkingMemoryDecider.Decide(new ForgetItem(1), state, T0.AddSeconds(10)));

        Assert.Empty(Apply(state, removed).Items);
        Assert.Equal(RejectionReason.NotFound, late.Reason);
    }

    [Theory]
    [InlineData("", MemoryPriority.Normal, 0, "", "text")]
    [InlineData("x", (MemoryPriority)9, 0, "", "priority")]
    [InlineData("x", MemoryPriority.Normal, -1, "", "ttlSeconds")]
    [InlineData("x", MemoryPriority.Normal, 604_801, "", "ttlSeconds")]
    [InlineData("x", MemoryPriority.Normal, 0, "no spaces allowed", "about")]
    public void Bad_input_is_refused_naming_the_field(string text, MemoryPriority priority, int ttl, string about, string field)
    {
        var refused = Assert.Throws<CommandRejectedException>(() => WorkingMemoryDecider.Decide(
            new RememberItem(text, priority, ttl, about), WorkingMemoryState.Initial, T0));

        Assert.Equal(RejectionReason.Invalid, refused.Reason);
        Assert.Equal(field, refused.Field);
    }
}
