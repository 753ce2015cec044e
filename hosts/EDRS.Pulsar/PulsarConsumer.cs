using System.Collections.ObjectModel;
using System.Threading.Channels;
using EDRS.Pulsar.Connections;
using EDRS.Pulsar.Consumers;
using EDRS.Pulsar.Protocol;
using Microsoft.Extensions.Logging;

namespace EDRS.Pulsar;

/// <summary>
/// Receives from one subscription. Flow control: the broker gets <see cref="PulsarConsumerOptions.ReceiverQueueSize"/>
/// permits and may push at most that many messages ahead; permits go back in batches of half that as the application
/// receives. Batched entries are unpacked into their messages. A message whose checksum does not match is never
/// delivered: the broker is asked to redeliver it. After a reconnect (or CLOSE_CONSUMER) the consumer subscribes
/// again and the broker redelivers everything not acknowledged.
/// </summary>
public sealed class PulsarConsumer : IAsyncDisposable, IConsumerListener
{
    private static readonly IReadOnlyDictionary<string, string> NoProperties = ReadOnlyDictionary<string, string>.Empty;

    private readonly PulsarClient client;
    private readonly PulsarConsumerOptions options;
    private readonly ulong consumerId;
    private readonly ILogger logger;
    private readonly Reconnector reconnector;
    private readonly Channel<QueuedMessage> queue = Channel.CreateUnbounded<QueuedMessage>();
    private readonly Dictionary<(long Ledger, long Entry), HashSet<int>> openBatches = [];
    private readonly object gate = new();
    private readonly int refillThreshold;
    private PulsarConnection? connection;
    private long generation;
    private int queued;
    private int consumedSinceFlow;
    private bool disposed;

    internal PulsarConsumer(PulsarClient client, PulsarConsumerOptions options, ulong consumerId)
    {
        ArgumentNullException.ThrowIfNull(options);
        Topic = TopicName.Normalize(options.Topic, nameof(options.Topic));
        if (string.IsNullOrWhiteSpace(options.SubscriptionName))
            throw new ArgumentException("SubscriptionName is required.", nameof(options));
        if (!Enum.IsDefined(options.SubscriptionType))
            throw new ArgumentException($"SubscriptionType must be Shared or KeyShared (was {options.SubscriptionType}).", nameof(options));
        if (options.ReceiverQueueSize is < 1 or > 1_000_000)
            throw new ArgumentException($"ReceiverQueueSize must be 1..1000000 (was {options.ReceiverQueueSize}).", nameof(options));
        this.client = client;
        this.options = options;
        this.consumerId = consumerId;
        ConsumerName = options.ConsumerName ?? $"edrs-{Guid.NewGuid():N}";
        refillThreshold = Math.Max(1, options.ReceiverQueueSize / 2);
        logger = client.CreateLogger<PulsarConsumer>();
        reconnector = new Reconnector(client, "consumer", Topic, AttachAsync, () => Volatile.Read(ref connection) is not null, logger);
    }

    public string Topic { get; }

    public string SubscriptionName => options.SubscriptionName;

    public string ConsumerName { get; }

    /// <summary>True while subscribed on a broker; false while reconnecting.</summary>
    public bool IsConnected => Volatile.Read(ref connection) is not null;

    internal Task StartAsync(CancellationToken cancellationToken) => reconnector.AttachFirstAsync(cancellationToken);

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

            lock (gate)
            {
                if (next.Generation != generation)
                    continue; // from before a reconnect or a redelivery request: the broker sends it again
                queued--;
                ReturnPermits(1);
                return next.Message;
            }
        }
    }

    /// <summary>Acknowledges one message (a batched one once all its siblings are acknowledged). While disconnected the acknowledgement is dropped and the broker redelivers the message.</summary>
    public Task AcknowledgeAsync(MessageId id, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (id.BatchIndex >= 0 && openBatches.TryGetValue((id.LedgerId, id.EntryId), out var open))
            {
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

    /// <summary>Asks the broker to redeliver one message (a batched one: its whole entry) — a negative acknowledgement.</summary>
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
        var id = MessageId.From(command.MessageId);
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
            if (metadata.Compression != CompressionType.None)
            {
                PulsarLog.UnsupportedCompression(logger, Topic, id.ToString(), metadata.Compression.ToString());
                ReturnPermits(metadata.HasNumMessagesInBatch ? Math.Max(1, metadata.NumMessagesInBatch) : 1);
                return;
            }

            var redeliveries = (int)command.RedeliveryCount;
            var published = DateTimeOffset.FromUnixTimeMilliseconds((long)metadata.PublishTime);
            if (!metadata.HasNumMessagesInBatch)
            {
                Enqueue(new PulsarMessage(Topic, id, frame.Payload, metadata.HasPartitionKey ? metadata.PartitionKey : null, Properties(metadata.Properties),
                    redeliveries, metadata.ProducerName, (long)metadata.SequenceId, published));
                return;
            }

            IReadOnlyList<(SingleMessageMetadata Metadata, ReadOnlyMemory<byte> Payload)> entries;
            try
            {
                entries = BatchPayload.Decode(frame.Payload, metadata.NumMessagesInBatch);
            }
            catch (PulsarProtocolException e)
            {
                Discard(from, id, e.Message);
                return;
            }

            var open = new HashSet<int>();
            for (var i = 0; i < entries.Count; i++)
            {
                var (single, payload) = entries[i];
                if (single.CompactedOut)
                {
                    ReturnPermits(1);
                    continue;
                }

                open.Add(i);
                var messageId = id with { BatchIndex = i };
                var sequence = single.HasSequenceId ? (long)single.SequenceId : (long)metadata.SequenceId + i;
                var key = single.HasPartitionKey ? single.PartitionKey : metadata.HasPartitionKey ? metadata.PartitionKey : null;
                Enqueue(new PulsarMessage(Topic, messageId, payload, key, Properties(single.Properties), redeliveries, metadata.ProducerName, sequence, published));
            }

            if (open.Count > 0)
                openBatches[(id.LedgerId, id.EntryId)] = open;
        }
    }

    private void Enqueue(PulsarMessage message)
    {
        queued++;
        queue.Writer.TryWrite(new QueuedMessage(generation, message));
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

        queue.Writer.TryComplete();
        reconnector.Dispose();
        client.Forget(this);
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
