namespace EDRS.Actors.Memory.Events;

/// <summary>
/// A memory's text was corrected (its origin, a persona's fact, was revised), with the new text's embedding in half
/// precision. Stored as <c>memory_revised</c>.
/// </summary>
public sealed record MemoryRevised(long Id, string Text, byte[] Vector, DateTimeOffset RevisedAt) : MemoryEvent;
