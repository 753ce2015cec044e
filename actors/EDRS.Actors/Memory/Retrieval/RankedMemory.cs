namespace EDRS.Actors.Memory.Retrieval;

/// <summary>A memory a search found, its score (higher is better) and whether a newer memory had updated it by the query's time.</summary>
public sealed record RankedMemory(MemoryEntry Entry, double Score, bool Superseded);
