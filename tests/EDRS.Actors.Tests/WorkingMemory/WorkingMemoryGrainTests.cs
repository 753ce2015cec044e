using EDRS.Actors.WorkingMemory;
using EDRS.Grains.Contracts.Memory;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EDRS.Actors.Tests.WorkingMemory;

/// <summary>The working-memory grain on a real member and journal; the member's clock is a fake the test moves.</summary>
public sealed class WorkingMemoryGrainTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    private Task<TestMember> StartMemberAsync() =>
        TestMember.StartAsync(new MemberSpec { Journal = database.ConnectionString, Services = services => services.AddSingleton<TimeProvider>(_clock) });

    private static RememberItemRequest Item(string text, ItemPriority priority = ItemPriority.Normal, int ttl = 0, string about = "") =>
        new() { RequestId = Guid.NewGuid().ToString("N"), Text = text, Priority = priority, TtlSeconds = ttl, About = about };

    [Fact]
    public async Task An_expired_item_disappears_from_reads_and_its_timer_journals_the_expiry()
    {
        await using var member = await StartMemberAsync();
        var memory = member.Grains.WorkingMemory("acme", "ttl-persona");
        await memory.RememberAsync(Item("call Bob back", ttl: 60));
        await memory.RememberAsync(Item("quarter closes Friday", ttl: 3_600));

        _clock.Advance(TimeSpan.FromSeconds(61));

        var view = await memory.RecallAsync(new RecallRequest());
        Assert.Equal(["quarter closes Friday"], view.Items.Select(i => i.Text));
        // The expiry timer fired on the fake clock and sent the grain its Sweep through the cluster.
        var types = await Eventually.ValueAsync(() => database.EventTypesAsync("working-memory/acme/ttl-persona"), t => t.Contains("working_memory_item_expired"),
            "the expiry is journaled");
        Assert.Equal(["working_memory_item_added", "working_memory_item_added", "working_memory_item_expired"], types);
    }

    [Fact]
    public async Task Recall_lists_highest_priority_first_and_filters_by_person()
    {
        await using var member = await StartMemberAsync();
        var memory = member.Grains.WorkingMemory("acme", "priority-persona");
        await memory.RememberAsync(Item("low general", ItemPriority.Low));
        await memory.RememberAsync(Item("highest about bob", ItemPriority.Highest, about: "bob"));
        await memory.RememberAsync(Item("normal about carol", ItemPriority.Normal, about: "carol"));
        await memory.RememberAsync(Item("high general", ItemPriority.High));

        var all = await memory.RecallAsync(new RecallRequest());
        var forBob = await memory.RecallAsync(new RecallRequest { About = "bob", Limit = 2 });

        Assert.Equal(["highest about bob", "high general", "normal about carol", "low general"], all.Items.Select(i => i.Text));
        Assert.Equal(["highest about bob", "high general"], forBob.Items.Select(i => i.Text));
        Assert.Equal(4, forBob.Held);
    }

    [Fact]
    public async Task A_full_memory_evicts_lowest_priority_then_oldest_and_keeps_it_after_a_restart()
    {
        await using (var member = await StartMemberAsync())
        {
            var memory = member.Grains.WorkingMemory("acme", "full-persona");
            for (var i = 1; i <= WorkingMemoryLimits.Capacity; i++)
            {
                await memory.RememberAsync(Item($"item {i}", i is 10 or 20 ? ItemPriority.Lowest : ItemPriority.Normal));
                _clock.Advance(TimeSpan.FromMilliseconds(1));
            }

            var first = await memory.RememberAsync(Item("newcomer 1", ItemPriority.Normal));
            var second = await memory.RememberAsync(Item("newcomer 2", ItemPriority.Normal));
            var third = await memory.RememberAsync(Item("newcomer 3", ItemPriority.Normal));
            var refused = await Assert.ThrowsAsync<RpcException>(() => memory.RememberAsync(Item("too unimportant", ItemPriority.Lowest)).ResponseAsync);

            Assert.Equal([10, 20, 1], new[] { first.EvictedItemId, second.EvictedItemId, third.EvictedItemId });
            Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        }

        await using var restarted = await StartMemberAsync();
        var view = await restarted.Grains.WorkingMemory("acme", "full-persona").RecallAsync(new RecallRequest());
        Assert.Equal(WorkingMemoryLimits.Capacity, view.Held);
        Assert.DoesNotContain(view.Items, i => i.ItemId is 1 or 10 or 20);
        Assert.Contains(view.Items, i => i.Text == "newcomer 3");
    }

    [Fact]
    public async Task A_bad_ttl_is_invalid_argument_naming_the_field()
    {
        await using var member = await StartMemberAsync();

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            member.Grains.WorkingMemory("acme", "bad-persona").RememberAsync(Item("x", ttl: -5)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("ttlSeconds", refused.Status.Detail, StringComparison.Ordinal);
    }
}
