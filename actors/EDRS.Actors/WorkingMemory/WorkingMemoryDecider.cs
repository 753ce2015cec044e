using EDRS.Actors.WorkingMemory.Commands;
using EDRS.Actors.WorkingMemory.Events;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.WorkingMemory;

/// <summary>
/// The working memory's rules, pure: every command first journals the expiry of items whose time is up (so the
/// journal, not only reads, forgets them), then decides. When the memory is full, the item to evict is the one
/// of lowest priority, and among those the oldest; an item never pushes out one of higher priority.
/// </summary>
public static class WorkingMemoryDecider
{
    public static IReadOnlyList<WorkingMemoryEvent> Decide(WorkingMemoryCommand command, WorkingMemoryState state, DateTimeOffset now) => command switch
    {
        RememberItem c => Remember(c, state, now),
        ForgetItem c => Forget(c, state, now),
        PromoteItem c => Promote(c, state, now),
        SweepExpired => Expire(state, now),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "A working memory does not know this command."),
    };

    private static IReadOnlyList<WorkingMemoryEvent> Remember(RememberItem command, WorkingMemoryState state, DateTimeOffset now)
    {
        var text = command.Text.Trim();
        if (text.Length == 0)
            throw Reject.Invalid("text", "is required");
        if (text.Length > WorkingMemoryLimits.MaxTextLength)
            throw Reject.Invalid("text", $"must be at most {WorkingMemoryLimits.MaxTextLength} characters (was {text.Length})");
        var priority = command.Priority is { } p && Enum.IsDefined(p)
            ? p
            : throw Reject.Invalid("priority", "must be one of lowest, low, normal, high, highest");
        var ttl = TimeToLive(command.TtlSeconds);
        if (command.About.Length > 0 && !GrainIds.IsEntityId(command.About))
            throw Reject.Invalid("about", $"must be empty or {GrainIds.EntityIdRule}");

        var events = new List<WorkingMemoryEvent>(Expire(state, now));
        var itemId = state.LastItemId + 1;
        var expiredIds = events.OfType<WorkingMemoryItemExpired>().Select(e => e.ItemId).ToHashSet();
        var live = state.Items.Where(i => !expiredIds.Contains(i.ItemId)).ToList();
        if (live.Count >= WorkingMemoryLimits.Capacity)
        {
            var victim = EvictionOrder(live).First();
            if (victim.Priority > priority)
                throw Reject.LimitReached(
                    WorkingMemoryLimits.CapacityLimitName,
                    $"Working memory holds {WorkingMemoryLimits.Capacity} items, none of priority {priority} or lower: " +
                    "forget one, or remember this with a higher priority.");
            events.Add(new WorkingMemoryItemEvicted(victim.ItemId, itemId, now));
        }
        events.Add(new WorkingMemoryItemAdded(itemId, text, priority, command.About, now, now + ttl));
        return events;
    }

    private static IReadOnlyList<WorkingMemoryEvent> Forget(ForgetItem command, WorkingMemoryState state, DateTimeOffset now)
    {
        var events = new List<WorkingMemoryEvent>(Expire(state, now));
        var item = state.Items.Find(i => i.ItemId == command.ItemId);
        if (item is null || item.IsExpiredAt(now))
            throw Reject.NotFound($"Working memory holds no item {command.ItemId} (never held, forgotten, evicted or expired).");
        events.Add(new WorkingMemoryItemRemoved(item.ItemId, now));
        return events;
    }

    private static IReadOnlyList<WorkingMemoryEvent> Promote(PromoteItem command, WorkingMemoryState state, DateTimeOffset now)
    {
        var events = new List<WorkingMemoryEvent>(Expire(state, now));
        var item = state.Items.Find(i => i.ItemId == command.ItemId);
        if (item is null || item.IsExpiredAt(now))
            throw Reject.NotFound($"Working memory holds no item {command.ItemId} (never held, forgotten, promoted, evicted or expired).");
        events.Add(new WorkingMemoryItemPromoted(item.ItemId, command.MemoryId, now));
        return events;
    }

    /// <summary>The importance a promoted item gets in long-term memory when the caller names none.</summary>
    public static int ImportanceOf(MemoryPriority priority) => priority switch
    {
        MemoryPriority.Lowest => 2,
        MemoryPriority.Low => 4,
        MemoryPriority.High => 7,
        MemoryPriority.Highest => 9,
        _ => 5,
    };

    /// <summary>The order in which full memory gives items up: lowest priority first, then oldest.</summary>
    public static IEnumerable<HeldItem> EvictionOrder(IEnumerable<HeldItem> items) =>
        items.OrderBy(i => i.Priority).ThenBy(i => i.AddedAt).ThenBy(i => i.ItemId);

    public static WorkingMemoryState Evolve(WorkingMemoryState state, WorkingMemoryEvent @event) => @event switch
    {
        WorkingMemoryItemAdded e => state with
        {
            LastItemId = Math.Max(state.LastItemId, e.ItemId),
            Items = state.Items.Add(new HeldItem(e.ItemId, e.Text, e.Priority, e.About, e.AddedAt, e.ExpiresAt)),
        },
        WorkingMemoryItemEvicted e => Without(state, e.ItemId),
        WorkingMemoryItemExpired e => Without(state, e.ItemId),
        WorkingMemoryItemRemoved e => Without(state, e.ItemId),
        WorkingMemoryItemPromoted e => Without(state, e.ItemId),
        _ => throw new InvalidOperationException($"Working memory does not know the event {@event.GetType().Name}."),
    };

    private static TimeSpan TimeToLive(int seconds)
    {
        if (seconds == 0)
            return WorkingMemoryLimits.DefaultTimeToLive;
        var max = (int)WorkingMemoryLimits.MaxTimeToLive.TotalSeconds;
        return seconds is >= 1 && seconds <= max
            ? TimeSpan.FromSeconds(seconds)
            : throw Reject.Invalid("ttlSeconds", $"must be 0 (the default, {WorkingMemoryLimits.DefaultTimeToLive.TotalSeconds:0} s) or 1..{max}");
    }

    private static List<WorkingMemoryEvent> Expire(WorkingMemoryState state, DateTimeOffset now) =>
        [.. state.Items.Where(i => i.IsExpiredAt(now)).Select(i => (WorkingMemoryEvent)new WorkingMemoryItemExpired(i.ItemId, now))];

    private static WorkingMemoryState Without(WorkingMemoryState state, long itemId) =>
        state with { Items = state.Items.RemoveAll(i => i.ItemId == itemId) };
}
