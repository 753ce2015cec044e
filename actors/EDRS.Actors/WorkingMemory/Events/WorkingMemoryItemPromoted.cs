namespace EDRS.Actors.WorkingMemory.Events;

/// <summary>An item moved into long-term memory as memory <paramref name="MemoryId"/>. Stored as <c>working_memory_item_promoted</c>.</summary>
public sealed record WorkingMemoryItemPromoted(long ItemId, long MemoryId, DateTimeOffset PromotedAt) : WorkingMemoryEvent;
