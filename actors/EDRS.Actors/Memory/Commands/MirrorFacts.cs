namespace EDRS.Actors.Memory.Commands;

/// <summary>Mirror the persona's fact changes (in the order its journal holds them) up to its stream version <paramref name="ThroughVersion"/>.</summary>
public sealed record MirrorFacts(long ThroughVersion, IReadOnlyList<FactChange> Changes) : MemoryCommand;
