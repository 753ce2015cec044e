namespace EDRS.Pulsar;

/// <summary>One message handed to the application by <see cref="PulsarConsumer.ReceiveAsync"/>.</summary>
public sealed class PulsarMessage
{
    internal PulsarMessage(string topic, MessageId id, ReadOnlyMemory<byte> payload, string? key, IReadOnlyDictionary<string, string> properties,
        int redeliveryCount, string producerName, long sequenceId, DateTimeOffset publishTime)
    {
        Topic = topic;
        Id = id;
        Payload = payload;
        Key = key;
        Properties = properties;
        RedeliveryCount = redeliveryCount;
        ProducerName = producerName;
        SequenceId = sequenceId;
        PublishTime = publishTime;
    }

    public string Topic { get; }

    /// <summary>Pass this to <see cref="PulsarConsumer.AcknowledgeAsync"/>.</summary>
    public MessageId Id { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The partition key the producer set (also the Key_Shared routing key), or null.</summary>
    public string? Key { get; }

    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>How often the broker delivered this message before (0 on first delivery).</summary>
    public int RedeliveryCount { get; }

    public string ProducerName { get; }

    public long SequenceId { get; }

    public DateTimeOffset PublishTime { get; }
}
