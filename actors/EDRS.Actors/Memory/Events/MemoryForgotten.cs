namespace EDRS.Actors.Memory.Events;

/// <summary>A memory was deleted (on request, or its origin was retracted). Stored as <c>memory_forgotten</c>.</summary>
public sealed record MemoryForgotten(long Id, string Reason, DateTimeOffset ForgottenAt) : MemoryEvent;
