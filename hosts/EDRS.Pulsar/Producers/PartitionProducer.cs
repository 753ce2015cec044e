using EDRS.Pulsar.Connections;
using EDRS.Pulsar.Protocol;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace EDRS.Pulsar.Producers;

/// <summary>
/// Publishes to one (non-partitioned) topic or one partition. Every message gets a sequence id (the caller's, or the
/// next one after the last) and stays pending until the broker's SEND_RECEIPT; after a reconnect the pending messages
/// are resent in order, skipping those the broker reports as already persisted (<c>last_sequence_id</c> in
/// PRODUCER_SUCCESS). With a stable producer name and broker deduplication on, each sequence id is stored once.
/// </summary>
internal sealed class PartitionProducer : IAsyncDisposable, IProducerListener
{
    private readonly PulsarClient client;
    private readonly ulong producerId;
    private readonly ILogger logger;
    private readonly Reconnector reconnector;
    private readonly int maxPending;
    private readonly int partition;
    private readonly Queue<PendingSend> pending = new();
    private readonly Queue<PendingSend> waiting = new();
    private readonly object gate = new();
    private readonly bool userProvidedName;
    private readonly CompressionType compression;
    private PulsarConnection? connection;
    private string? producerName;
    private long lastSequenceIdPushed = -1;
    private long lastSequenceIdPersisted = -1;
    private ulong epoch;
    private bool disposed;

    /// <param name="partition">The partition index, or -1 for a non-partitioned topic.</param>
    public PartitionProducer(PulsarClient client, string topic, int partition, PulsarProducerOptions options, ulong producerId)
    {
        Topic = topic;
        this.partition = partition;
        this.client = client;
        this.producerId = producerId;
        producerName = options.ProducerName;
        userProvidedName = options.ProducerName is not null;
        maxPending = options.MaxPendingMessages;
        compression = options.Compression;
        logger = client.CreateLogger<PulsarProducer>();
        reconnector = new Reconnector(client, "producer", Topic, AttachAsync, () => Volatile.Read(ref connection) is not null, logger);
    }

    public string Topic { get; }

    /// <summary>The partition index, or -1 for a non-partitioned topic.</summary>
    public int Partition => partition;

    /// <summary>The name the broker knows this producer by (assigned by the broker when none was given).</summary>
    public string ProducerName => producerName ?? "";

    /// <summary>The highest sequence id the broker has confirmed persisted: from PRODUCER_SUCCESS, then from receipts. -1 when none.</summary>
    public long LastSequenceIdPersisted
    {
        get
        {
            lock (gate)
                return lastSequenceIdPersisted;
        }
    }

    /// <summary>Messages not yet confirmed: in flight, or waiting for room in call order.</summary>
    public int PendingCount
    {
        get
        {
            lock (gate)
                return pending.Count + waiting.Count;
        }
    }

    /// <summary>True while attached to a broker (sends go out at once); false while reconnecting (sends queue up).</summary>
    public bool IsConnected => Volatile.Read(ref connection) is not null;

    public Task StartAsync(CancellationToken cancellationToken) => reconnector.AttachFirstAsync(cancellationToken);

    /// <summary>
    /// Publishes one message and completes with where the broker stored it, or with <see cref="MessageId.Duplicate"/>
    /// when the broker already had this producer name and sequence id. Survives reconnects: the message is resent until
    /// confirmed. Messages go out in call order; beyond <see cref="PulsarProducerOptions.MaxPendingMessages"/> in flight
    /// they wait in line (the returned task completes later). Cancelling stops the waiting, not the send. <paramref name="sequenceId"/>, when given, must be greater
    /// than every one sent before by this producer, except that one at or below <see cref="LastSequenceIdPersisted"/>
    /// completes at once as a duplicate (so an outbox can replay its unconfirmed rows after a restart), and one still
    /// pending waits for that earlier send (a retry after a timeout).
    /// </summary>
    public async Task<MessageId> SendAsync(ReadOnlyMemory<byte> payload, string? key = null, IReadOnlyDictionary<string, string>? properties = null,
        long? sequenceId = null, CancellationToken cancellationToken = default)
    {
        if (payload.Length > client.Options.MaxMessageSize)
            throw new ArgumentException($"The payload of {payload.Length} bytes exceeds MaxMessageSize {client.Options.MaxMessageSize}.", nameof(payload));
        if (sequenceId < 0)
            throw new ArgumentOutOfRangeException(nameof(sequenceId), sequenceId, "A sequence id is zero or positive.");
        PendingSend send;
        lock (gate)
        {
            if (disposed)
                throw new ObjectDisposedException(nameof(PulsarProducer));
            if (connection is { } current && payload.Length > current.MaxMessageSize)
                throw new ArgumentException($"The payload of {payload.Length} bytes exceeds the broker's maximum message size {current.MaxMessageSize}.", nameof(payload));
            if (sequenceId is { } given && given <= lastSequenceIdPushed)
            {
                if (given <= lastSequenceIdPersisted)
                    return MessageId.Duplicate;
                // Sending a sequence id again while the first send is still unconfirmed (a caller retrying after a
                // timeout) waits for that first send instead of storing the message twice.
                send = pending.Concat(waiting).FirstOrDefault(p => p.SequenceId == given)
                    ?? throw new ArgumentOutOfRangeException(nameof(sequenceId), given,
                        $"Sequence ids must increase: {given} is not above the last one sent ({lastSequenceIdPushed}), is not pending, and the broker has persisted only up to {lastSequenceIdPersisted}.");
            }
            else
            {
                send = Enqueue(sequenceId, payload, key, properties);
            }
        }

        return await send.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes the sequence id and the place in line now (under the gate), so messages go out in call order even when they wait for room.</summary>
    private PendingSend Enqueue(long? sequenceId, ReadOnlyMemory<byte> payload, string? key, IReadOnlyDictionary<string, string>? properties)
    {
        var sequence = sequenceId ?? lastSequenceIdPushed + 1;
        var send = new PendingSend(sequence, Encode(sequence, payload, key, properties));
        lastSequenceIdPushed = sequence;
        if (pending.Count < maxPending && waiting.Count == 0)
        {
            pending.Enqueue(send);
            connection?.Send(send.Frame);
        }
        else
        {
            waiting.Enqueue(send);
        }

        return send;
    }

    private byte[] Encode(long sequenceId, ReadOnlyMemory<byte> payload, string? key, IReadOnlyDictionary<string, string>? properties)
    {
        var metadata = new MessageMetadata
        {
            ProducerName = producerName ?? "",
            SequenceId = (ulong)sequenceId,
            PublishTime = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        };
        if (key is not null)
            metadata.PartitionKey = key;
        if (properties is not null)
        {
            foreach (var (name, value) in properties)
                metadata.Properties.Add(new KeyValue { Key = name, Value = value });
        }

        var command = new BaseCommand
        {
            Type = BaseCommand.Types.Type.Send,
            Send = new CommandSend { ProducerId = producerId, SequenceId = (ulong)sequenceId, NumMessages = 1 },
        };
        if (compression == CompressionType.None)
            return PulsarFrameCodec.Encode(command, metadata, payload.Span);
        metadata.Compression = compression;
        metadata.UncompressedSize = (uint)payload.Length;
        return PulsarFrameCodec.Encode(command, metadata, PayloadCompression.Compress(compression, payload.Span));
    }

    private async Task AttachAsync(CancellationToken cancellationToken)
    {
        var candidate = await client.ConnectToOwnerAsync(Topic, cancellationToken).ConfigureAwait(false);
        candidate.AddProducer(producerId, this);
        var requestId = client.NextRequestId();
        var command = new CommandProducer { Topic = Topic, ProducerId = producerId, RequestId = requestId, UserProvidedProducerName = userProvidedName };
        lock (gate)
        {
            if (producerName is not null)
                command.ProducerName = producerName;
            command.Epoch = epoch++;
        }

        BaseCommand answer;
        try
        {
            answer = await candidate.RequestAsync(new BaseCommand { Type = BaseCommand.Types.Type.Producer, Producer = command }, requestId, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            candidate.RemoveProducer(producerId, this);
            throw;
        }

        if (answer.Type != BaseCommand.Types.Type.ProducerSuccess)
        {
            candidate.RemoveProducer(producerId, this);
            throw answer.Type == BaseCommand.Types.Type.Error
                ? PulsarClient.Failure($"Creating producer on {Topic}", answer.Error.Error, answer.Error.Message)
                : new PulsarException($"PRODUCER on {Topic} was answered with {answer.Type}.");
        }

        var success = answer.ProducerSuccess;
        int resent;
        lock (gate)
        {
            if (disposed || candidate.IsClosed)
            {
                candidate.RemoveProducer(producerId, this);
                throw new PulsarException($"The connection to {candidate.Physical} closed while creating the producer on {Topic}.");
            }

            producerName = success.ProducerName;
            var last = success.HasLastSequenceId ? success.LastSequenceId : -1;
            if (last > lastSequenceIdPersisted)
                lastSequenceIdPersisted = last;
            if (last > lastSequenceIdPushed)
                lastSequenceIdPushed = last;

            // Pending messages at or below the broker's last persisted sequence id were stored before the connection
            // broke (only their receipts were lost): complete them without resending.
            while (true)
            {
                if (pending.TryPeek(out var head) && head.SequenceId <= last)
                    Complete(pending.Dequeue(), MessageId.Duplicate);
                else if (pending.Count < maxPending && waiting.TryDequeue(out var next))
                    pending.Enqueue(next);
                else
                    break;
            }

            resent = pending.Count;
            foreach (var send in pending)
                candidate.Send(send.Frame);
            Volatile.Write(ref connection, candidate);
        }

        PulsarLog.ProducerReady(logger, success.ProducerName, Topic, candidate.Logical.ToString(), success.HasLastSequenceId ? success.LastSequenceId : -1, resent);
    }

    private static void Complete(PendingSend send, MessageId id) => send.Completion.TrySetResult(id);

    /// <summary>Moves waiting messages into the room freed by receipts, in call order, and sends them.</summary>
    private void Admit()
    {
        while (pending.Count < maxPending && waiting.TryDequeue(out var next))
        {
            pending.Enqueue(next);
            connection?.Send(next.Frame);
        }
    }

    void IProducerListener.OnSendReceipt(CommandSendReceipt receipt)
    {
        PulsarConnection? broken = null;
        lock (gate)
        {
            if (!pending.TryPeek(out var head))
                return;
            var sequence = (long)receipt.SequenceId;
            if (sequence < head.SequenceId)
                return; // a late receipt for a message already completed
            if (sequence > head.SequenceId)
            {
                PulsarLog.ReceiptOutOfOrder(logger, ProducerName, Topic, receipt.SequenceId, head.SequenceId);
                broken = connection;
            }
            else
            {
                pending.Dequeue();
                if (sequence > lastSequenceIdPersisted)
                    lastSequenceIdPersisted = sequence;
                var id = receipt.MessageId is null || receipt.MessageId.LedgerId == ulong.MaxValue
                    ? MessageId.Duplicate
                    : MessageId.From(receipt.MessageId) with { Partition = partition };
                Complete(head, id);
                Admit();
            }
        }

        broken?.Close("a send receipt arrived out of order");
    }

    void IProducerListener.OnSendError(CommandSendError error)
    {
        // The broker failed to persist this message; nothing after it can be trusted on this connection either.
        // Reconnecting resends everything pending, in order.
        PulsarLog.SendError(logger, ProducerName, Topic, error.Error.ToString(), error.SequenceId, error.Message);
        PulsarConnection? current;
        lock (gate)
            current = connection;
        current?.Close($"SEND_ERROR {error.Error} for sequence id {error.SequenceId}");
    }

    void IProducerListener.OnDisconnected(PulsarConnection lost)
    {
        if (Detach(lost))
            reconnector.Reconnect();
    }

    private bool Detach(PulsarConnection lost)
    {
        lock (gate)
        {
            if (!ReferenceEquals(connection, lost))
                return false;
            Volatile.Write(ref connection, null);
            return true;
        }
    }

    /// <summary>Closes the producer on the broker. Messages still pending fail with <see cref="ObjectDisposedException"/>: they may or may not have been stored.</summary>
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
            foreach (var send in pending.Concat(waiting))
                send.Completion.TrySetException(new ObjectDisposedException(nameof(PulsarProducer), "The producer was closed before the broker confirmed this message."));
            pending.Clear();
            waiting.Clear();
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
                    Type = BaseCommand.Types.Type.CloseProducer,
                    CloseProducer = new CommandCloseProducer { ProducerId = producerId, RequestId = requestId },
                }, requestId, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is PulsarException or OperationCanceledException)
            {
                // Best effort: the broker drops the producer with the connection anyway.
            }

            current.RemoveProducer(producerId, this);
        }
    }
}
