using System.Collections.ObjectModel;
using System.Threading.Channels;
using EDRS.Pulsar.Connections;
using EDRS.Pulsar.Protocol;
using Microsoft.Extensions.Logging;

namespace EDRS.Pulsar.Consumers;

/// <summary>
/// The consumer of one (non-partitioned) topic or one partition, feeding the shared receive queue of its
/// <see cref="PulsarConsumer"/>. Flow control: the broker gets <see cref="PulsarConsumerOptions.ReceiverQueueSize"/>
/// permits and may push at most that many messages ahead; permits go back in batches of half that as the application
/// takes messages. Batched entries are unpacked into their messages. A message whose checksum does not match is never
/// delivered: the broker is asked to redeliver it. After a reconnect (or CLOSE_CONSUMER) it subscribes again and the
/// broker redelivers everything not acknowledged.
/// </summary>
internal sealed class PartitionConsumer : IAsyncDisposable, IConsumerListener
{
    /// <summary>Refuses to inflate a compressed payload beyond this (a decompression bomb).</summary>
    private const int MaxUncompressedSize = 128 * 1024 * 1024;

    private static readonly IReadOnlyDictionary<string, string> NoProperties = ReadOnlyDictionary<string, string>.Empty;

    private readonly PulsarClient client;
    private readonly PulsarConsumerOptions options;
    private readonly ulong consumerId;
    private readonly ILogger logger;
    private readonly Reconnector reconnector;
    private readonly ChannelWriter<QueuedMessage> queue;
    private readonly int partition;
    private readonly Dictionary<(long Ledger, long Entry), HashSet<int>> openBatches = [];
    private readonly object gate = new();
    private readonly int refillThreshold;
    private PulsarConnection? connection;
    private long generation;
    private int queued;
    private int consumedSinceFlow;
    private bool disposed;

    /// <param name="partition">The partition index, or -1 for a non-partitioned topic.</param>
    public PartitionConsumer(PulsarClient client, string topic, int partition, PulsarConsumerOptions options, string consumerName, ulong consumerId, ChannelWriter<QueuedMessage> queue)
    {
        Topic = topic;
        this.partition = partition;
        this.client = client;
        this.options = options;
        this.consumerId = consumerId;
        this.queue = queue;
        ConsumerName = consumerName;
        refillThreshold = Math.Max(1, options.ReceiverQueueSize / 2);
        logger = client.CreateLogger<PulsarConsumer>();
        reconnector = new Reconnector(client, "consumer", Topic, AttachAsync, () => Volatile.Read(ref connection) is not null, logger);
    }

    public string Topic { get; }

    /// <summary>The partition index, or -1 for a non-partitioned topic.</summary>
    public int Partition => partition;

    public string ConsumerName { get; }

    /// <summary>True while subscribed on a broker; false while reconnecting.</summary>
    public bool IsConnected => Volatile.Read(ref connection) is not null;

    public Task StartAsync(CancellationToken cancellationToken) => reconnector.AttachFirstAsync(cancellationToken);

    /// <summary>
    /// Hands <paramref name="next"/> to the application unless it is from before a reconnect or a redelivery request
    /// (then the broker sends it again), and counts the permit it frees.
    /// </summary>
    public bool TryTake(QueuedMessage next)
    {
        lock (gate)
        {
            if (next.Generation != generation)
                return false;
            queued--;
            ReturnPermits(1);
            return true;
        }
    }

    /// <summary>Acknowledges one message (a batched one once all its siblings are acknowledged). While disconnected the acknowledgement is dropped and the broker redelivers the message.</summary>
    public Task AcknowledgeAsync(MessageId id, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (id.BatchIndex >= 0)
            {
                // A batch is one entry on the broker: it is acknowledged when every message of this delivery is.
                // Without a tracker (the entry was handed back by RedeliverAsync, or a reconnect or a redelivery
                // request came between), acknowledging the entry could drop siblings that were not processed: the
                // acknowledgement is dropped instead and the entry comes again (at least once).
                if (!openBatches.TryGetValue((id.LedgerId, id.EntryId), out var open))
                {
                    PulsarLog.BatchAckDropped(logger, Topic, id.ToString());
                    return Task.CompletedTask;
                }

                open.Remove(id.BatchIndex);
                if (open.Count > 0)
                    return Task.CompletedTask;
                openBatches.Remove((id.LedgerId, id.EntryId));
            }

            if (connection is null)
            {
                PulsarLog.AckWhileDisconnected(logger, Topic, id.ToString());
                return Task.CompletedTask;
            }

            var ack = new CommandAck { ConsumerId = consumerId, AckType = CommandAck.Types.AckType.Individual };
            ack.MessageId.Add(id.ToData(entryOnly: true));
            connection.Send(new BaseCommand { Type = BaseCommand.Types.Type.Ack, Ack = ack });
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Asks the broker to redeliver one message — a negative acknowledgement. For a batched message the whole entry
    /// comes again, and acknowledging its siblings from this delivery no longer acknowledges the entry.
    /// </summary>
    public Task RedeliverAsync(MessageId id, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            openBatches.Remove((id.LedgerId, id.EntryId));
            var redeliver = new CommandRedeliverUnacknowledgedMessages { ConsumerId = consumerId };
            redeliver.MessageIds.Add(id.ToData(entryOnly: true));
            connection?.Send(new BaseCommand { Type = BaseCommand.Types.Type.RedeliverUnacknowledgedMessages, RedeliverUnacknowledgedMessages = redeliver });
        }

        return Task.CompletedTask;
    }

    /// <summary>Asks the broker to redeliver every message delivered to this consumer and not acknowledged, and drops what is queued locally (it comes again).</summary>
    public Task RedeliverUnacknowledgedAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (connection is null)
                return Task.CompletedTask; // resubscribing redelivers everything unacknowledged anyway
            generation++;
            var dropped = queued;
            queued = 0;
            openBatches.Clear();
            connection.Send(new BaseCommand
            {
                Type = BaseCommand.Types.Type.RedeliverUnacknowledgedMessages,
                RedeliverUnacknowledgedMessages = new CommandRedeliverUnacknowledgedMessages { ConsumerId = consumerId },
            });
            // The dropped messages used permits: give them back so the redelivery can flow.
            consumedSinceFlow += dropped;
            if (consumedSinceFlow > 0)
                Flow(connection, consumedSinceFlow);
        }

        return Task.CompletedTask;
    }

    private void ReturnPermits(int count)
    {
        consumedSinceFlow += count;
        if (consumedSinceFlow >= refillThreshold && connection is not null)
            Flow(connection, consumedSinceFlow);
    }

    private void Flow(PulsarConnection target, int permits)
    {
        target.Send(new BaseCommand { Type = BaseCommand.Types.Type.Flow, Flow = new CommandFlow { ConsumerId = consumerId, MessagePermits = (uint)permits } });
        consumedSinceFlow = 0;
    }

    private async Task AttachAsync(CancellationToken cancellationToken)
    {
        var candidate = await client.ConnectToOwnerAsync(Topic, cancellationToken).ConfigureAwait(false);
        candidate.AddConsumer(consumerId, this);
        var requestId = client.NextRequestId();
        var subscribe = new CommandSubscribe
        {
            Topic = Topic,
            Subscription = options.SubscriptionName,
            SubType = (CommandSubscribe.Types.SubType)options.SubscriptionType,
            ConsumerId = consumerId,
            RequestId = requestId,
            ConsumerName = ConsumerName,
            Durable = true,
            InitialPosition = (CommandSubscribe.Types.InitialPosition)options.InitialPosition,
        };
        if (options.SubscriptionType == SubscriptionType.KeyShared)
            subscribe.KeySharedMeta = new KeySharedMeta { KeySharedMode = KeySharedMode.AutoSplit };

        BaseCommand answer;
        try
        {
            answer = await candidate.RequestAsync(new BaseCommand { Type = BaseCommand.Types.Type.Subscribe, Subscribe = subscribe }, requestId, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            candidate.RemoveConsumer(consumerId, this);
            throw;
        }

        if (answer.Type != BaseCommand.Types.Type.Success)
        {
            candidate.RemoveConsumer(consumerId, this);
            throw answer.Type == BaseCommand.Types.Type.Error
                ? PulsarClient.Failure($"Subscribing {options.SubscriptionName} to {Topic}", answer.Error.Error, answer.Error.Message)
                : new PulsarException($"SUBSCRIBE to {Topic} was answered with {answer.Type}.");
        }

        lock (gate)
        {
            if (disposed || candidate.IsClosed)
            {
                candidate.RemoveConsumer(consumerId, this);
                throw new PulsarException($"The connection to {candidate.Physical} closed while subscribing to {Topic}.");
            }

            generation++;
            queued = 0;
            openBatches.Clear();
            Volatile.Write(ref connection, candidate);
            Flow(candidate, options.ReceiverQueueSize);
        }

        PulsarLog.Subscribed(logger, ConsumerName, Topic, options.SubscriptionName, options.SubscriptionType.ToString(), candidate.Logical.ToString());
    }

    void IConsumerListener.OnMessage(PulsarConnection from, PulsarFrame frame)
    {
        var command = frame.Command.Message;
        var id = MessageId.From(command.MessageId) with { Partition = partition };
        lock (gate)
        {
            if (!ReferenceEquals(from, connection))
                return;
            if (!frame.ChecksumValid || frame.Metadata is null)
            {
                Discard(from, id, frame.ChecksumValid ? "no message metadata" : "checksum mismatch");
                return;
            }

            var metadata = frame.Metadata;
            var payload = frame.Payload;
            if (metadata.Compression != CompressionType.None)
            {
                try
                {
                    if (metadata.UncompressedSize > MaxUncompressedSize)
                        throw new PulsarProtocolException($"uncompressed size {metadata.UncompressedSize} is over {MaxUncompressedSize}");
                    payload = PayloadCompression.Decompress(metadata.Compression, frame.Payload.Span, (int)metadata.UncompressedSize);
                }
                catch (PulsarProtocolException e)
                {
                    // The checksum matched, so the producer wrote it so: redelivering would only loop. It stays
                    // unacknowledged (visible in the subscription's backlog) and is not handed out.
                    PulsarLog.UndecodablePayload(logger, Topic, id.ToString(), metadata.Compression.ToString(), e.Message);
                    ReturnPermits(metadata.HasNumMessagesInBatch ? Math.Max(1, metadata.NumMessagesInBatch) : 1);
                    return;
                }
            }

            var redeliveries = (int)command.RedeliveryCount;
            var published = DateTimeOffset.FromUnixTimeMilliseconds((long)metadata.PublishTime);
            if (!metadata.HasNumMessagesInBatch)
            {
                Enqueue(new PulsarMessage(Topic, id, payload, metadata.HasPartitionKey ? metadata.PartitionKey : null, Properties(metadata.Properties),
                    redeliveries, metadata.ProducerName, (long)metadata.SequenceId, published));
                return;
            }

            IReadOnlyList<(SingleMessageMetadata Metadata, ReadOnlyMemory<byte> Payload)> entries;
            try
            {
                entries = BatchPayload.Decode(payload, metadata.NumMessagesInBatch);
            }
            catch (PulsarProtocolException e)
            {
                Discard(from, id, e.Message);
                return;
            }

            var open = new HashSet<int>();
            for (var i = 0; i < entries.Count; i++)
            {
                var (single, singlePayload) = entries[i];
                if (single.CompactedOut)
                {
                    ReturnPermits(1);
                    continue;
                }

                open.Add(i);
                var messageId = id with { BatchIndex = i };
                var sequence = single.HasSequenceId ? (long)single.SequenceId : (long)metadata.SequenceId + i;
                var key = single.HasPartitionKey ? single.PartitionKey : metadata.HasPartitionKey ? metadata.PartitionKey : null;
                Enqueue(new PulsarMessage(Topic, messageId, singlePayload, key, Properties(single.Properties), redeliveries, metadata.ProducerName, sequence, published));
            }

            if (open.Count > 0)
                openBatches[(id.LedgerId, id.EntryId)] = open;
        }
    }

    private void Enqueue(PulsarMessage message)
    {
        queued++;
        queue.TryWrite(new QueuedMessage(this, generation, message));
    }

    private void Discard(PulsarConnection from, MessageId id, string reason)
    {
        // Not delivered, not acknowledged (which would lose it): the broker sends it again, hopefully intact.
        PulsarLog.MessageDiscarded(logger, Topic, id.ToString(), reason);
        var redeliver = new CommandRedeliverUnacknowledgedMessages { ConsumerId = consumerId };
        redeliver.MessageIds.Add(id.ToData(entryOnly: true));
        from.Send(new BaseCommand { Type = BaseCommand.Types.Type.RedeliverUnacknowledgedMessages, RedeliverUnacknowledgedMessages = redeliver });
        ReturnPermits(1);
    }

    private static IReadOnlyDictionary<string, string> Properties(IReadOnlyCollection<KeyValue> properties)
    {
        if (properties.Count == 0)
            return NoProperties;
        var map = new Dictionary<string, string>(properties.Count, StringComparer.Ordinal);
        foreach (var property in properties)
            map[property.Key] = property.Value;
        return map;
    }

    void IConsumerListener.OnDisconnected(PulsarConnection lost)
    {
        lock (gate)
        {
            if (!ReferenceEquals(connection, lost))
                return;
            Volatile.Write(ref connection, null);
            generation++;
            queued = 0;
            openBatches.Clear();
        }

        reconnector.Reconnect();
    }

    /// <summary>Closes the consumer on the broker; unacknowledged messages go to the subscription's other consumers.</summary>
    public async ValueTask DisposeAsync()
    {
        PulsarConnection? current;
        lock (gate)
        {
            if (disposed)
                return;
            disposed = true;
            current = connection;
            connection = null;
            generation++; // nothing still queued is handed out after disposal
        }

        reconnector.Dispose();
        if (current is not null && !current.IsClosed)
        {
            var requestId = client.NextRequestId();
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await current.RequestAsync(new BaseCommand
                {
                    Type = BaseCommand.Types.Type.CloseConsumer,
                    CloseConsumer = new CommandCloseConsumer { ConsumerId = consumerId, RequestId = requestId },
                }, requestId, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is PulsarException or OperationCanceledException)
            {
                // Best effort: the broker drops the consumer with the connection anyway.
            }

            current.RemoveConsumer(consumerId, this);
        }
    }
}
