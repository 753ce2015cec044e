namespace EDRS.Benchmarks.Peer;

/// <summary>The peer's reply, sent once the event is persisted.</summary>
internal sealed record FactAck(long FactId, long SequenceNr);
