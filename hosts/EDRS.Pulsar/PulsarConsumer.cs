using System.Threading.Channels;
using EDRS.Pulsar.Consumers;

namespace EDRS.Pulsar;

/// <summary>
/// Receives from one subscription. Flow control: the broker gets <see cref="PulsarConsumerOptions.ReceiverQueueSize"/>
/// permits and may push at most that many messages ahead; permits go back in batches of half that as the application
/// receives. Batched entries are unpacked into their messages. A message whose checksum does not match is never
/// delivered: the broker is asked to redeliver it. After a reconnect (or CLOSE_CONSUMER) the consumer subscribes
/// again and the broker redelivers everything not acknowledged. On a partitioned topic it subscribes to every
/// partition (each with its own permits) and merges what they deliver; message ids carry the partition index.
/// </summary>
public sealed class PulsarConsumer : IAsyncDisposable
{
    private readonly PulsarClient client;
    private readonly PartitionConsumer[] partitions;
    private readonly Channel<QueuedMessage> queue;

    private PulsarConsumer(PulsarClient client, string topic, PulsarConsumerOptions options, string consumerName, Channel<QueuedMessage> queue, PartitionConsumer[] partitions)
    {
        this.client = client;
        Topic = topic;
        SubscriptionName = options.SubscriptionName;
        ConsumerName = consumerName;
        this.queue = queue;
        this.partitions = partitions;
    }

    internal static async Task<PulsarConsumer> CreateAsync(PulsarClient client, PulsarConsumerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var topic = TopicName.Normalize(options.Topic, nameof(options.Topic));
        if (string.IsNullOrWhiteSpace(options.SubscriptionName))
            throw new ArgumentException("SubscriptionName is required.", nameof(options));
        if (!Enum.IsDefined(options.SubscriptionType))
            throw new ArgumentException($"SubscriptionType must be Shared or KeyShared (was {options.SubscriptionType}).", nameof(options));
        if (options.ReceiverQueueSize is < 1 or > 1_000_000)
            throw new ArgumentException($"ReceiverQueueSize must be 1..1000000 (was {options.ReceiverQueueSize}).", nameof(options));

        var count = await client.PartitionCountAsync(topic, cancellationToken).ConfigureAwait(false);
        var name = options.ConsumerName ?? $"edrs-{Guid.NewGuid():N}";
        var queue = Channel.CreateUnbounded<QueuedMessage>();
        var partitions = count == 0
            ? [new PartitionConsumer(client, topic, -1, options, name, client.NextConsumerId(), queue.Writer)]
            : Enumerable.Range(0, count).Select(i => new PartitionConsumer(client, $"{topic}-partition-{i}", i, options, name, client.NextConsumerId(), queue.Writer)).ToArray();
        var consumer = new PulsarConsumer(client, topic, options, name, queue, partitions);
        try
        {
            await Task.WhenAll(partitions.Select(p => p.StartAsync(cancellationToken))).ConfigureAwait(false);
        }
        catch
        {
            await consumer.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return consumer;
    }

    public string Topic { get; }

    public string SubscriptionName { get; }

    public string ConsumerName { get; }

    /// <summary>0 for a non-partitioned topic, else the number of partitions subscribed to.</summary>
    public int Partitions => partitions.Length == 1 && partitions[0].Partition < 0 ? 0 : partitions.Length;

    /// <summary>True while subscribed on the broker(s); false while reconnecting.</summary>
    public bool IsConnected => partitions.All(p => p.IsConnected);

    /// <summary>The next message. Waits until one arrives; survives reconnects.</summary>
    public async Task<PulsarMessage> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            QueuedMessage next;
            try
            {
                next = await queue.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                throw new ObjectDisposedException(nameof(PulsarConsumer));
            }

            if (next.Source.TryTake(next))
                return next.Message;
        }
    }

    /// <summary>
    /// Acknowledges one message (a batched one once all its siblings from the same delivery are). While disconnected
    /// the acknowledgement is dropped and the broker redelivers the message.
    /// </summary>
    public Task AcknowledgeAsync(MessageId id, CancellationToken cancellationToken = default) =>
        PartitionOf(id).AcknowledgeAsync(id, cancellationToken);

    /// <summary>
    /// Asks the broker to redeliver one message — a negative acknowledgement. For a batched message the whole entry
    /// comes again, and acknowledging its siblings from this delivery no longer acknowledges the entry.
    /// </summary>
    public Task RedeliverAsync(MessageId id, CancellationToken cancellationToken = default) =>
        PartitionOf(id).RedeliverAsync(id, cancellationToken);

    /// <summary>Asks the broker to redeliver every message delivered to this consumer and not acknowledged, and drops what is queued locally (it comes again).</summary>
    public Task RedeliverUnacknowledgedAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(partitions.Select(p => p.RedeliverUnacknowledgedAsync(cancellationToken)));

    private PartitionConsumer PartitionOf(MessageId id)
    {
        if (partitions.Length == 1 && partitions[0].Partition < 0)
            return partitions[0];
        if (id.Partition < 0 || id.Partition >= partitions.Length)
            throw new ArgumentException($"Message id {id} names no partition of {Topic} (0..{partitions.Length - 1}).", nameof(id));
        return partitions[id.Partition];
    }

    /// <summary>Closes the consumer on the broker; unacknowledged messages go to the subscription's other consumers.</summary>
    public async ValueTask DisposeAsync()
    {
        client.Forget(this);
        foreach (var partition in partitions)
            await partition.DisposeAsync().ConfigureAwait(false);
        queue.Writer.TryComplete();
    }
}
