namespace EDRS.Actors.WorkingMemory.Commands;

/// <summary>Drop a held item that became the long-term memory <paramref name="MemoryId"/>.</summary>
public sealed record PromoteItem(long ItemId, long MemoryId) : WorkingMemoryCommand;
