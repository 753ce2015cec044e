namespace EDRS.Actors.Memory.Events;

/// <summary>Episodes whose retention ran out were dropped. Stored as <c>memories_expired</c>.</summary>
public sealed record MemoriesExpired(long[] Ids, DateTimeOffset ExpiredAt) : MemoryEvent;
