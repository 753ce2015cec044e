namespace EDRS.Actors.WorkingMemory.Events;

/// <summary>
/// An item was pushed out because the memory was full (lowest priority first, then oldest), to make room for
/// <paramref name="ForItemId"/>. Stored as <c>working_memory_item_evicted</c>.
/// </summary>
public sealed record WorkingMemoryItemEvicted(long ItemId, long ForItemId, DateTimeOffset EvictedAt) : WorkingMemoryEvent;
