namespace EDRS.Benchmarks.Peer;

/// <summary>The peer's command: the same content as EDRS's <c>RememberFactRequest</c> in the durable-commands workload.</summary>
internal sealed record RememberFact(string RequestId, string PersonId, string Subject, string Text);
