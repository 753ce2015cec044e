namespace EDRS.Actors.WorkingMemory.Events;

/// <summary>
/// The persona holds a new item until <paramref name="ExpiresAt"/>. <paramref name="About"/> is the person it
/// concerns ("" for none). Stored as <c>working_memory_item_added</c>.
/// </summary>
public sealed record WorkingMemoryItemAdded(
    long ItemId,
    string Text,
    MemoryPriority Priority,
    string About,
    DateTimeOffset AddedAt,
    DateTimeOffset ExpiresAt) : WorkingMemoryEvent;
