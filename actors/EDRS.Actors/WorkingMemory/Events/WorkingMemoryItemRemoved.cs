namespace EDRS.Actors.WorkingMemory.Events;

/// <summary>An item was dropped on request before its time. Stored as <c>working_memory_item_removed</c>.</summary>
public sealed record WorkingMemoryItemRemoved(long ItemId, DateTimeOffset RemovedAt) : WorkingMemoryEvent;
