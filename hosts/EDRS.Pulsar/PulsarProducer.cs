using EDRS.Pulsar.Connections;
using EDRS.Pulsar.Producers;
using EDRS.Pulsar.Protocol;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace EDRS.Pulsar;

/// <summary>
/// Publishes to one topic. Every message gets a sequence id (yours, or the next one after the last) and stays pending
/// until the broker's SEND_RECEIPT; after a reconnect the pending messages are resent in order, skipping those the
/// broker reports as already persisted (<c>last_sequence_id</c> in PRODUCER_SUCCESS). With a stable
/// <see cref="PulsarProducerOptions.ProducerName"/> and broker deduplication on, each sequence id is stored once.
/// </summary>
public sealed class PulsarProducer : IAsyncDisposable, IProducerListener
{
    private readonly PulsarClient client;
    private readonly ulong producerId;
    private readonly ILogger logger;
    private readonly Reconnector reconnector;
    private readonly SemaphoreSlim room;
    private readonly Queue<PendingSend> pending = new();
    private readonly object gate = new();
    private readonly bool userProvidedName;
    private PulsarConnection? connection;
    private string? producerName;
    private long lastSequenceIdPushed = -1;
    private long lastSequenceIdPersisted = -1;
    private ulong epoch;
    private bool disposed;

    internal PulsarProducer(PulsarClient client, PulsarProducerOptions options, ulong producerId)
    {
        ArgumentNullException.ThrowIfNull(options);
        Topic = TopicName.Normalize(options.Topic, nameof(options.Topic));
        if (options.ProducerName is not null && (options.ProducerName.Length == 0 || options.ProducerName.Any(char.IsWhiteSpace)))
            throw new ArgumentException("ProducerName must be non-empty without whitespace, or null for a broker-assigned name.", nameof(options));
        if (options.MaxPendingMessages < 1)
            throw new ArgumentException($"MaxPendingMessages must be at least 1 (was {options.MaxPendingMessages}).", nameof(options));
        this.client = client;
        this.producerId = producerId;
        producerName = options.ProducerName;
        userProvidedName = options.ProducerName is not null;
        room = new SemaphoreSlim(options.MaxPendingMessages, options.MaxPendingMessages);
        logger = client.CreateLogger<PulsarProducer>();
        reconnector = new Reconnector(client, "producer", Topic, AttachAsync, () => Volatile.Read(ref connection) is not null, logger);
    }

    public string Topic { get; }

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

    /// <summary>Messages sent and not yet confirmed.</summary>
    public int PendingCount
    {
        get
        {
            lock (gate)
                return pending.Count;
        }
    }

    /// <summary>True while attached to a broker (sends go out at once); false while reconnecting (sends queue up).</summary>
    public bool IsConnected => Volatile.Read(ref connection) is not null;

    internal Task StartAsync(CancellationToken cancellationToken) => reconnector.AttachFirstAsync(cancellationToken);

    /// <summary>
    /// Publishes one message and completes with where the broker stored it, or with <see cref="MessageId.Duplicate"/>
    /// when the broker already had this producer name and sequence id. Survives reconnects: the message is resent until
    /// confirmed. Cancelling stops the waiting, not the send. <paramref name="sequenceId"/>, when given, must be greater
    /// than every one sent before by this producer, except that one at or below <see cref="LastSequenceIdPersisted"/>
    /// completes at once as a duplicate (so an outbox can replay its unconfirmed rows after a restart).
    /// </summary>
    public async Task<MessageId> SendAsync(ReadOnlyMemory<byte> payload, string? key = null, IReadOnlyDictionary<string, string>? properties = null,
        long? sequenceId = null, CancellationToken cancellationToken = default)
    {
        if (payload.Length > client.Options.MaxMessageSize)
            throw new ArgumentException($"The payload of {payload.Length} bytes exceeds MaxMessageSize {client.Options.MaxMessageSize}.", nameof(payload));
        if (sequenceId < 0)
            throw new ArgumentOutOfRangeException(nameof(sequenceId), sequenceId, "A sequence id is zero or positive.");
        await room.WaitAsync(cancellationToken).ConfigureAwait(false);
        PendingSend send;
        lock (gate)
        {
            if (connection is { } current && payload.Length > current.MaxMessageSize)
            {
                room.Release();
                throw new ArgumentException($"The payload of {payload.Length} bytes exceeds the broker's maximum message size {current.MaxMessageSize}.", nameof(payload));
            }

            if (disposed)
            {
                room.Release();
                throw new ObjectDisposedException(nameof(PulsarProducer));
            }

            if (sequenceId is { } given && given <= lastSequenceIdPushed)
            {
                room.Release();
                if (given <= lastSequenceIdPersisted)
                    return MessageId.Duplicate;
                throw new ArgumentOutOfRangeException(nameof(sequenceId), given,
                    $"Sequence ids must increase: {given} is not above the last one sent ({lastSequenceIdPushed}) and the broker has persisted only up to {lastSequenceIdPersisted}.");
            }

            var sequence = sequenceId ?? lastSequenceIdPushed + 1;
            send = new PendingSend(sequence, Encode(sequence, payload, key, properties));
            pending.Enqueue(send);
            lastSequenceIdPushed = sequence;
            connection?.Send(send.Frame);
        }

        return await send.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
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
        return PulsarFrameCodec.Encode(command, metadata, payload.Span);
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
            while (pending.TryPeek(out var head) && head.SequenceId <= last)
                Complete(pending.Dequeue(), MessageId.Duplicate);

            resent = pending.Count;
            foreach (var send in pending)
                candidate.Send(send.Frame);
            Volatile.Write(ref connection, candidate);
        }

        PulsarLog.ProducerReady(logger, success.ProducerName, Topic, candidate.Logical.ToString(), success.HasLastSequenceId ? success.LastSequenceId : -1, resent);
    }

    private void Complete(PendingSend send, MessageId id)
    {
        room.Release();
        send.Completion.TrySetResult(id);
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
                    : MessageId.From(receipt.MessageId);
                Complete(head, id);
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
            while (pending.TryDequeue(out var send))
            {
                // Releasing the slot lets callers waiting for room see the producer is closed.
                room.Release();
                send.Completion.TrySetException(new ObjectDisposedException(nameof(PulsarProducer), "The producer was closed before the broker confirmed this message."));
            }
        }

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
