namespace EDRS.Actors.WorkingMemory.Events;

/// <summary>An item's time to live ran out. Stored as <c>working_memory_item_expired</c>.</summary>
public sealed record WorkingMemoryItemExpired(long ItemId, DateTimeOffset ExpiredAt) : WorkingMemoryEvent;
