namespace EDRS.Pulsar.FakeBroker;

/// <summary>A message a test publishes directly into a fake topic (as if another producer had sent it).</summary>
public sealed record FakeOutgoingMessage(ReadOnlyMemory<byte> Payload, string? Key = null, IReadOnlyDictionary<string, string>? Properties = null);
