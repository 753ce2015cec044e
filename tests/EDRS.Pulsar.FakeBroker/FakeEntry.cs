using EDRS.Pulsar.Protocol;

namespace EDRS.Pulsar.FakeBroker;

/// <summary>One stored entry of a fake topic: the metadata and payload exactly as the producer sent them (a batch stays one entry).</summary>
internal sealed record FakeEntry(long EntryId, MessageMetadata Metadata, byte[] Payload)
{
    public int MessageCount => Metadata.HasNumMessagesInBatch ? Math.Max(1, Metadata.NumMessagesInBatch) : 1;

    public string? Key => Metadata.HasPartitionKey ? Metadata.PartitionKey : null;
}
