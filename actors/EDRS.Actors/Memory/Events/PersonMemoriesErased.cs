namespace EDRS.Actors.Memory.Events;

/// <summary>
/// Every memory about a person (attributed to them, or naming them by full name or nickname) was erased: the person's
/// right to erasure. The events that recorded them are redacted in place when this is journaled. Stored as
/// <c>person_memories_erased</c>.
/// </summary>
public sealed record PersonMemoriesErased(string PersonId, long[] Ids, DateTimeOffset ErasedAt) : MemoryEvent;
