namespace EDRS.Benchmarks.Peer;

/// <summary>Persist <paramref name="Count"/> facts at once (building the 100k-event entity for the recovery comparison).</summary>
internal sealed record SeedFacts(int Count);
