namespace EDRS.Actors.Memory.Events;

/// <summary>
/// The persona's facts are mirrored up to its stream version <paramref name="ThroughVersion"/> (journaled with the memories
/// that mirror them, so a repeated mirror starts after it). Stored as <c>facts_mirrored</c>.
/// </summary>
public sealed record FactsMirrored(long ThroughVersion, DateTimeOffset MirroredAt) : MemoryEvent;
