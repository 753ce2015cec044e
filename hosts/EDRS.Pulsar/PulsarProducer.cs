using EDRS.Pulsar.Producers;

namespace EDRS.Pulsar;

/// <summary>
/// Publishes to one topic. Every message gets a sequence id (yours, or the next one after the last) and stays pending
/// until the broker's SEND_RECEIPT; after a reconnect the pending messages are resent in order, skipping those the
/// broker reports as already persisted (<c>last_sequence_id</c> in PRODUCER_SUCCESS). With a stable
/// <see cref="PulsarProducerOptions.ProducerName"/> and broker deduplication on, each sequence id is stored once.
/// On a partitioned topic there is one such producer per partition: a message with a key goes to the partition of the
/// key's hash (Java's <c>String.hashCode</c>, as Java clients choose by default), one without a key round-robin.
/// </summary>
public sealed class PulsarProducer : IAsyncDisposable
{
    private readonly PulsarClient client;
    private readonly PartitionProducer[] partitions;
    private int nextPartition = -1;

    private PulsarProducer(PulsarClient client, string topic, PartitionProducer[] partitions)
    {
        this.client = client;
        Topic = topic;
        this.partitions = partitions;
    }

    internal static async Task<PulsarProducer> CreateAsync(PulsarClient client, PulsarProducerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var topic = TopicName.Normalize(options.Topic, nameof(options.Topic));
        if (options.ProducerName is not null && (options.ProducerName.Length == 0 || options.ProducerName.Any(char.IsWhiteSpace)))
            throw new ArgumentException("ProducerName must be non-empty without whitespace, or null for a broker-assigned name.", nameof(options));
        if (options.MaxPendingMessages < 1)
            throw new ArgumentException($"MaxPendingMessages must be at least 1 (was {options.MaxPendingMessages}).", nameof(options));
        if (!Enum.IsDefined(options.Compression))
            throw new ArgumentException($"Compression must be None, Lz4, Zlib, Zstd or Snappy (was {options.Compression}).", nameof(options));

        var count = await client.PartitionCountAsync(topic, cancellationToken).ConfigureAwait(false);
        var partitions = count == 0
            ? [new PartitionProducer(client, topic, -1, options, client.NextProducerId())]
            : Enumerable.Range(0, count).Select(i => new PartitionProducer(client, $"{topic}-partition-{i}", i, options, client.NextProducerId())).ToArray();
        var producer = new PulsarProducer(client, topic, partitions);
        try
        {
            await Task.WhenAll(partitions.Select(p => p.StartAsync(cancellationToken))).ConfigureAwait(false);
        }
        catch
        {
            await producer.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return producer;
    }

    public string Topic { get; }

    /// <summary>0 for a non-partitioned topic, else the number of partitions written to.</summary>
    public int Partitions => partitions.Length == 1 && partitions[0].Partition < 0 ? 0 : partitions.Length;

    /// <summary>The name the broker knows this producer by (assigned by the broker when none was given).</summary>
    public string ProducerName => partitions[0].ProducerName;

    /// <summary>
    /// The highest sequence id the broker has confirmed persisted: from PRODUCER_SUCCESS, then from receipts; -1 when
    /// none. On a partitioned topic the lowest over the partitions (with sequence ids sent in order, everything at or
    /// below it is stored).
    /// </summary>
    public long LastSequenceIdPersisted => partitions.Min(p => p.LastSequenceIdPersisted);

    /// <summary>Messages not yet confirmed: in flight, or waiting for room in call order.</summary>
    public int PendingCount => partitions.Sum(p => p.PendingCount);

    /// <summary>True while attached to the broker(s) (sends go out at once); false while reconnecting (sends queue up).</summary>
    public bool IsConnected => partitions.All(p => p.IsConnected);

    /// <summary>
    /// Publishes one message and completes with where the broker stored it, or with <see cref="MessageId.Duplicate"/>
    /// when the broker already had this producer name and sequence id. Survives reconnects: the message is resent until
    /// confirmed. Messages go out in call order; beyond <see cref="PulsarProducerOptions.MaxPendingMessages"/> in flight
    /// they wait in line (the returned task completes later). Cancelling stops the waiting, not the send.
    /// <paramref name="sequenceId"/>, when given, must be greater than every one sent before by this producer (on a
    /// partitioned topic: to the same partition), except that one at or below what the broker reported persisted
    /// completes at once as a duplicate (so an outbox can replay its unconfirmed rows after a restart), and one still
    /// pending waits for that earlier send (a retry after a timeout).
    /// </summary>
    public Task<MessageId> SendAsync(ReadOnlyMemory<byte> payload, string? key = null, IReadOnlyDictionary<string, string>? properties = null,
        long? sequenceId = null, CancellationToken cancellationToken = default) =>
        Choose(key).SendAsync(payload, key, properties, sequenceId, cancellationToken);

    private PartitionProducer Choose(string? key)
    {
        if (partitions.Length == 1)
            return partitions[0];
        if (key is null)
            return partitions[(int)((uint)Interlocked.Increment(ref nextPartition) % (uint)partitions.Length)];
        return partitions[PartitionOf(key, partitions.Length)];
    }

    /// <summary>The partition of <paramref name="key"/>: Java's <c>String.hashCode</c> modulo the partition count, sign-safe.</summary>
    public static int PartitionOf(string key, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        var hash = 0;
        foreach (var c in key)
            hash = unchecked((31 * hash) + c);
        return (hash & int.MaxValue) % partitionCount;
    }

    /// <summary>Closes the producer on the broker. Messages still pending fail with <see cref="ObjectDisposedException"/>: they may or may not have been stored.</summary>
    public async ValueTask DisposeAsync()
    {
        client.Forget(this);
        foreach (var partition in partitions)
            await partition.DisposeAsync().ConfigureAwait(false);
    }
}
