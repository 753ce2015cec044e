namespace EDRS.Benchmarks.Peer;

/// <summary>The peer's event, one per command, carrying what EDRS's <c>PersonFactRemembered</c> carries.</summary>
internal sealed record FactRemembered(string RequestId, string PersonId, long FactId, string Subject, string Text, DateTime RememberedAt, long SupersededFactId);
