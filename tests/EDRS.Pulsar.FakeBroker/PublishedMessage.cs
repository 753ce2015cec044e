namespace EDRS.Pulsar.FakeBroker;

/// <summary>One message as stored on a fake topic, batched ones flattened (with their batch index).</summary>
public sealed record PublishedMessage(
    MessageId Id,
    string ProducerName,
    long SequenceId,
    string? Key,
    IReadOnlyDictionary<string, string> Properties,
    ReadOnlyMemory<byte> Payload);
