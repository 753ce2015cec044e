namespace EDRS.Benchmarks.Peer;

/// <summary>Every fact of a <see cref="SeedFacts"/> is persisted.</summary>
internal sealed record SeedDone(long SequenceNr);
