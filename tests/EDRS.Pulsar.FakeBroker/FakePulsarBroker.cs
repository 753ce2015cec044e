using System.Buffers.Binary;
using System.Collections.ObjectModel;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EDRS.Pulsar.Protocol;
using Google.Protobuf;

namespace EDRS.Pulsar.FakeBroker;

/// <summary>
/// A TEST DOUBLE of an Apache Pulsar broker: no real broker can run on this machine, so this in-process fake speaks the
/// documented binary protocol on a free 127.0.0.1 port. It is written from the protocol documentation and is strict
/// where a broker is: it checks frame sizes, checksums and command order (CONNECT first; SEND only for a producer the
/// broker confirmed), deduplicates by producer name and sequence id, answers PRODUCER_SUCCESS with the last persisted
/// sequence id, dispatches to Shared and Key_Shared subscriptions within the consumers' permits, and redelivers what
/// is not acknowledged. Every breach is recorded in <see cref="ProtocolViolations"/> (and the connection closed).
/// On demand it misbehaves: drops a connection in the middle of a send, closes producers or consumers, redelivers,
/// redirects lookups to another instance (or proxies to it), corrupts a checksum, goes silent, pings.
/// It keeps everything in memory; there is no persistence, no partitioning, no retention.
/// </summary>
public sealed class FakePulsarBroker : IAsyncDisposable
{
    private const string PublisherName = "fake-publisher";

    private readonly object gate = new();
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop = new();
    private readonly List<FakeBrokerConnection> connections = [];
    private readonly Dictionary<string, FakeTopic> topics = new(StringComparer.Ordinal);
    private readonly Dictionary<BaseCommand.Types.Type, int> received = [];
    private readonly List<string> violations = [];
    private readonly List<FakeLookup> lookups = [];
    private readonly List<string> proxied = [];
    private FakePulsarBroker? lookupTarget;
    private bool lookupAuthoritative;
    private bool lookupThroughProxy;
    private int sendsUntilDrop;
    private ServerError? failNextSend;
    private bool persistBeforeDrop;
    private int corruptMessages;
    private int closeConsumerAfterDispatches = -1;
    private long publisherSequence;
    private int producerNames;

    private FakePulsarBroker(FakeBrokerOptions options)
    {
        Options = options;
        listener = new TcpListener(IPAddress.Loopback, options.Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
    }

    public FakeBrokerOptions Options { get; }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary><c>pulsar://127.0.0.1:{port}</c> (<c>pulsar+ssl://</c> with a TLS certificate): give it to the client as its service URL.</summary>
    public string ServiceUrl => Options.TlsCertificate is null ? $"pulsar://127.0.0.1:{Port}" : $"pulsar+ssl://127.0.0.1:{Port}";

    /// <summary>Starts a broker on a free loopback port.</summary>
    public static FakePulsarBroker Start(FakeBrokerOptions? options = null)
    {
        var broker = new FakePulsarBroker(options ?? new FakeBrokerOptions());
        broker.listener.Start();
        _ = Task.Run(broker.AcceptLoopAsync);
        return broker;
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var tcp = await listener.AcceptTcpClientAsync(stop.Token).ConfigureAwait(false);
                tcp.NoDelay = true;
                var connection = new FakeBrokerConnection(tcp, this);
                lock (gate)
                {
                    connections.Add(connection);
                    ConnectionsAccepted++;
                }

                connection.Start();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    // ---------------------------------------------------------------- inspection

    /// <summary>Connections accepted since start.</summary>
    public int ConnectionsAccepted { get; private set; }

    /// <summary>Connections open now.</summary>
    public int OpenConnections
    {
        get
        {
            lock (gate)
                return connections.Count;
        }
    }

    /// <summary>Every breach of the protocol seen from clients; a correct client leaves this empty.</summary>
    public IReadOnlyList<string> ProtocolViolations
    {
        get
        {
            lock (gate)
                return violations.ToList();
        }
    }

    /// <summary>SENDs dropped as duplicates (their producer name and sequence id were persisted before).</summary>
    public int DuplicatesDropped { get; private set; }

    /// <summary>CONNECTs refused for a missing or wrong token.</summary>
    public int AuthenticationFailures { get; private set; }

    public IReadOnlyList<FakeLookup> Lookups
    {
        get
        {
            lock (gate)
                return lookups.ToList();
        }
    }

    /// <summary>The <c>proxy_to_broker_url</c> of each connection this broker forwarded as a proxy.</summary>
    public IReadOnlyList<string> ProxiedConnections
    {
        get
        {
            lock (gate)
                return proxied.ToList();
        }
    }

    /// <summary>How many commands of <paramref name="type"/> clients sent.</summary>
    public int Received(BaseCommand.Types.Type type)
    {
        lock (gate)
            return received.GetValueOrDefault(type);
    }

    /// <summary>The messages stored on <paramref name="topic"/>, in order, batches flattened.</summary>
    public IReadOnlyList<PublishedMessage> Published(string topic)
    {
        lock (gate)
        {
            if (!topics.TryGetValue(TopicName.Normalize(topic), out var found))
                return [];
            var messages = new List<PublishedMessage>();
            foreach (var entry in found.Entries)
                messages.AddRange(Flatten(entry));
            return messages;
        }
    }

    /// <summary>Waits until <paramref name="topic"/> holds at least <paramref name="count"/> messages, then returns them all; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<PublishedMessage>> WaitForPublishedAsync(string topic, int count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var published = Published(topic);
            if (published.Count >= count)
                return published;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"{topic} holds {published.Count} messages, not {count}, after {timeout}.");
            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    /// <summary>The message ids acknowledged on a subscription, in the order the ACKs arrived.</summary>
    public IReadOnlyList<FakeAck> Acks(string topic, string subscription)
    {
        lock (gate)
            return FindSubscription(topic, subscription)?.Acks.ToList() ?? [];
    }

    /// <summary>Entries delivered on a subscription and not acknowledged.</summary>
    public int Unacknowledged(string topic, string subscription)
    {
        lock (gate)
            return FindSubscription(topic, subscription)?.Unacknowledged.Count ?? 0;
    }

    /// <summary>Entries not yet acknowledged on a subscription (waiting or delivered).</summary>
    public int Backlog(string topic, string subscription)
    {
        lock (gate)
        {
            var found = FindSubscription(topic, subscription);
            return found is null ? 0 : found.Pending.Count + found.Unacknowledged.Count;
        }
    }

    public IReadOnlyList<FakeConsumerStats> ConsumerStats(string topic, string subscription)
    {
        lock (gate)
        {
            var found = FindSubscription(topic, subscription);
            if (found is null)
                return [];
            return found.Consumers
                .Select(c => new FakeConsumerStats(c.Name, c.PermitsGranted, c.MessagesDispatched, c.AvailablePermits, found.Unacknowledged.Values.Count(u => u == c)))
                .ToList();
        }
    }

    // ---------------------------------------------------------------- acting as another producer

    public void CreateTopic(string topic)
    {
        lock (gate)
            GetTopic(TopicName.Normalize(topic), create: true);
    }

    /// <summary>Stores one message on <paramref name="topic"/> (as producer "fake-publisher") and dispatches it.</summary>
    public MessageId Publish(string topic, ReadOnlyMemory<byte> payload, string? key = null, IReadOnlyDictionary<string, string>? properties = null)
    {
        lock (gate)
        {
            var metadata = PublisherMetadata(++publisherSequence);
            if (key is not null)
                metadata.PartitionKey = key;
            foreach (var (name, value) in properties ?? ReadOnlyDictionary<string, string>.Empty)
                metadata.Properties.Add(new KeyValue { Key = name, Value = value });
            var entry = Store(GetTopic(TopicName.Normalize(topic), create: true)!, metadata, payload.ToArray());
            return new MessageId(Options.LedgerId, entry.EntryId);
        }
    }

    /// <summary>Stores <paramref name="messages"/> as ONE batched entry (SingleMessageMetadata per message) and dispatches it.</summary>
    public MessageId PublishBatch(string topic, IReadOnlyList<FakeOutgoingMessage> messages)
    {
        ArgumentOutOfRangeException.ThrowIfZero(messages.Count);
        lock (gate)
        {
            var first = publisherSequence + 1;
            publisherSequence += messages.Count;
            var metadata = PublisherMetadata(first);
            metadata.NumMessagesInBatch = messages.Count;
            metadata.HighestSequenceId = (ulong)publisherSequence;
            var singles = messages.Select((m, i) =>
            {
                var single = new SingleMessageMetadata { SequenceId = (ulong)(first + i) };
                if (m.Key is not null)
                    single.PartitionKey = m.Key;
                foreach (var (name, value) in m.Properties ?? ReadOnlyDictionary<string, string>.Empty)
                    single.Properties.Add(new KeyValue { Key = name, Value = value });
                return (single, m.Payload);
            }).ToList();
            var entry = Store(GetTopic(TopicName.Normalize(topic), create: true)!, metadata, BatchPayload.Encode(singles));
            return new MessageId(Options.LedgerId, entry.EntryId);
        }
    }

    private static MessageMetadata PublisherMetadata(long sequence) => new()
    {
        ProducerName = PublisherName,
        SequenceId = (ulong)sequence,
        PublishTime = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
    };

    // ---------------------------------------------------------------- misbehaving on demand

    /// <summary>
    /// On the <paramref name="nthSend"/>-th SEND from now, drop that client's connection without a receipt — after
    /// storing the message when <paramref name="persistFirst"/> (only the receipt is lost), before it otherwise.
    /// </summary>
    public void DropConnectionOnSend(int nthSend, bool persistFirst = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nthSend, 1);
        lock (gate)
        {
            sendsUntilDrop = nthSend;
            persistBeforeDrop = persistFirst;
        }
    }

    /// <summary>Answers the next SEND with SEND_ERROR <paramref name="error"/> without storing it (a failed write to storage).</summary>
    public void FailNextSend(ServerError error = ServerError.PersistenceError)
    {
        lock (gate)
            failNextSend = error;
    }

    /// <summary>Sends CLOSE_PRODUCER to every producer on <paramref name="topic"/> (as a broker does when unloading a topic).</summary>
    public int CloseProducers(string topic)
    {
        topic = TopicName.Normalize(topic);
        lock (gate)
        {
            var closedCount = 0;
            foreach (var connection in connections)
            {
                foreach (var producer in connection.Producers.Values.Where(p => p.Topic == topic).ToList())
                {
                    connection.Producers.Remove(producer.ProducerId);
                    connection.ClosedProducerIds.Add(producer.ProducerId);
                    connection.Send(new BaseCommand
                    {
                        Type = BaseCommand.Types.Type.CloseProducer,
                        CloseProducer = new CommandCloseProducer { ProducerId = producer.ProducerId, RequestId = 0 },
                    });
                    closedCount++;
                }
            }

            return closedCount;
        }
    }

    /// <summary>Sends CLOSE_CONSUMER to every consumer of the subscription (all subscriptions when null); their unacknowledged messages go back in line.</summary>
    public int CloseConsumers(string topic, string? subscription = null)
    {
        lock (gate)
        {
            if (!topics.TryGetValue(TopicName.Normalize(topic), out var found))
                return 0;
            var closing = found.Subscriptions.Values.Where(s => subscription is null || s.Name == subscription).SelectMany(s => s.Consumers).ToList();
            foreach (var consumer in closing)
            {
                consumer.Connection.Consumers.Remove(consumer.ConsumerId);
                consumer.Connection.Send(new BaseCommand
                {
                    Type = BaseCommand.Types.Type.CloseConsumer,
                    CloseConsumer = new CommandCloseConsumer { ConsumerId = consumer.ConsumerId, RequestId = 0 },
                });
                RemoveConsumer(consumer);
            }

            return closing.Count;
        }
    }

    /// <summary>Closes the first consumer that has been dispatched <paramref name="dispatches"/> messages from now, with CLOSE_CONSUMER.</summary>
    public void CloseConsumerAfterDispatches(int dispatches)
    {
        lock (gate)
            closeConsumerAfterDispatches = dispatches;
    }

    /// <summary>Sends every delivered, unacknowledged message of the subscription again (redelivery count + 1).</summary>
    public void RedeliverUnacknowledged(string topic, string subscription)
    {
        lock (gate)
        {
            var found = FindSubscription(topic, subscription);
            if (found is null)
                return;
            found.Requeue(found.Unacknowledged.Keys);
            Dispatch(found);
        }
    }

    /// <summary>Answers every LOOKUP with a Redirect to <paramref name="owner"/>, and refuses PRODUCER / SUBSCRIBE itself (it no longer owns the topics).</summary>
    public void RedirectLookupsTo(FakePulsarBroker owner, bool authoritative = false)
    {
        lock (gate)
        {
            lookupTarget = owner;
            lookupAuthoritative = authoritative;
            lookupThroughProxy = false;
        }
    }

    /// <summary>
    /// Acts as a Pulsar proxy in front of <paramref name="owner"/>: LOOKUP answers Connect to the owner with
    /// <c>proxy_through_service_url</c>, and a CONNECT naming <c>proxy_to_broker_url</c> is forwarded byte for byte.
    /// </summary>
    public void ProxyTo(FakePulsarBroker owner)
    {
        lock (gate)
        {
            lookupTarget = owner;
            lookupAuthoritative = false;
            lookupThroughProxy = true;
        }
    }

    /// <summary>Flips a bit in the checksum of the next <paramref name="count"/> MESSAGE frames.</summary>
    public void CorruptNextMessageChecksum(int count = 1)
    {
        lock (gate)
            corruptMessages = count;
    }

    /// <summary>Drops every client connection at once.</summary>
    public void DisconnectAll()
    {
        List<FakeBrokerConnection> all;
        lock (gate)
            all = connections.ToList();
        foreach (var connection in all)
            connection.Close();
    }

    /// <summary>Every open connection stops answering and sending (a hung broker); new connections behave.</summary>
    public void SilenceConnections()
    {
        lock (gate)
        {
            foreach (var connection in connections)
                connection.Silenced = true;
        }
    }

    /// <summary>Sends PING on every open connection; <see cref="Received"/>(PONG) counts the answers.</summary>
    public int PingAll()
    {
        lock (gate)
        {
            foreach (var connection in connections)
                connection.Send(new BaseCommand { Type = BaseCommand.Types.Type.Ping, Ping = new CommandPing() });
            return connections.Count;
        }
    }

    // ---------------------------------------------------------------- the protocol

    internal void Violation(string what)
    {
        lock (gate)
            violations.Add(what);
    }

    internal void Proxied(string target)
    {
        lock (gate)
            proxied.Add(target);
    }

    internal void Disconnected(FakeBrokerConnection connection)
    {
        lock (gate)
        {
            connections.Remove(connection);
            connection.Producers.Clear();
            foreach (var consumer in connection.Consumers.Values.ToList())
                RemoveConsumer(consumer);
            connection.Consumers.Clear();
        }
    }

    /// <summary>Handles one frame; false closes the connection.</summary>
    internal bool Handle(FakeBrokerConnection connection, PulsarFrame frame)
    {
        lock (gate)
        {
            received[frame.Type] = received.GetValueOrDefault(frame.Type) + 1;
            if (!connection.Handshaken)
            {
                if (frame.Type != BaseCommand.Types.Type.Connect)
                {
                    violations.Add($"first command was {frame.Type}, not CONNECT");
                    return false;
                }

                return HandleConnect(connection, frame.Command.Connect);
            }

            var command = frame.Command;
            switch (frame.Type)
            {
                case BaseCommand.Types.Type.Connect:
                    violations.Add("CONNECT on a connection that is already connected");
                    return false;
                case BaseCommand.Types.Type.Ping:
                    connection.Send(new BaseCommand { Type = BaseCommand.Types.Type.Pong, Pong = new CommandPong() });
                    return true;
                case BaseCommand.Types.Type.Pong:
                case BaseCommand.Types.Type.AuthResponse:
                    return true;
                case BaseCommand.Types.Type.Lookup:
                    HandleLookup(connection, command.LookupTopic);
                    return true;
                case BaseCommand.Types.Type.Producer:
                    HandleProducer(connection, command.Producer);
                    return true;
                case BaseCommand.Types.Type.Send:
                    return HandleSend(connection, frame);
                case BaseCommand.Types.Type.CloseProducer:
                    connection.Producers.Remove(command.CloseProducer.ProducerId);
                    connection.ClosedProducerIds.Add(command.CloseProducer.ProducerId);
                    Success(connection, command.CloseProducer.RequestId);
                    return true;
                case BaseCommand.Types.Type.Subscribe:
                    HandleSubscribe(connection, command.Subscribe);
                    return true;
                case BaseCommand.Types.Type.Flow:
                    HandleFlow(connection, command.Flow);
                    return true;
                case BaseCommand.Types.Type.Ack:
                    HandleAck(connection, command.Ack);
                    return true;
                case BaseCommand.Types.Type.RedeliverUnacknowledgedMessages:
                    HandleRedeliver(connection, command.RedeliverUnacknowledgedMessages);
                    return true;
                case BaseCommand.Types.Type.CloseConsumer:
                    if (connection.Consumers.Remove(command.CloseConsumer.ConsumerId, out var closing))
                        RemoveConsumer(closing);
                    Success(connection, command.CloseConsumer.RequestId);
                    return true;
                default:
                    violations.Add($"a client sent {frame.Type}, which only brokers send or this broker does not know");
                    return false;
            }
        }
    }

    private bool HandleConnect(FakeBrokerConnection connection, CommandConnect connect)
    {
        if (Options.RequiredToken is { } token)
        {
            var given = connect.HasAuthData ? Encoding.UTF8.GetString(connect.AuthData.Span) : null;
            if (connect.AuthMethodName != "token" || given != token)
            {
                AuthenticationFailures++;
                connection.Send(new BaseCommand
                {
                    Type = BaseCommand.Types.Type.Error,
                    Error = new CommandError { RequestId = 0, Error = ServerError.AuthenticationError, Message = "Unable to authenticate: invalid or missing token" },
                });
                connection.CloseAfterFlush();
                return true;
            }
        }

        connection.Handshaken = true;
        connection.Send(new BaseCommand
        {
            Type = BaseCommand.Types.Type.Connected,
            Connected = new CommandConnected
            {
                ServerVersion = "EDRS fake Pulsar broker (test double)",
                ProtocolVersion = Math.Min(connect.ProtocolVersion, 19),
                MaxMessageSize = Options.MaxMessageSize,
            },
        });
        return true;
    }

    private void HandleLookup(FakeBrokerConnection connection, CommandLookupTopic lookup)
    {
        lookups.Add(new FakeLookup(lookup.Topic, lookup.Authoritative));
        var answer = new CommandLookupTopicResponse { RequestId = lookup.RequestId };
        if (lookupTarget is { } target)
        {
            answer.Response = lookupThroughProxy ? CommandLookupTopicResponse.Types.LookupType.Connect : CommandLookupTopicResponse.Types.LookupType.Redirect;
            answer.BrokerServiceUrl = $"pulsar://127.0.0.1:{target.Port}";
            if (target.Options.TlsCertificate is not null)
                answer.BrokerServiceUrlTls = target.ServiceUrl;
            answer.Authoritative = lookupAuthoritative;
            answer.ProxyThroughServiceUrl = lookupThroughProxy;
        }
        else if (GetTopic(lookup.Topic, Options.AutoCreateTopics) is null)
        {
            answer.Response = CommandLookupTopicResponse.Types.LookupType.Failed;
            answer.Error = ServerError.TopicNotFound;
            answer.Message = $"Topic {lookup.Topic} does not exist";
        }
        else
        {
            answer.Response = CommandLookupTopicResponse.Types.LookupType.Connect;
            answer.BrokerServiceUrl = $"pulsar://127.0.0.1:{Port}";
            if (Options.TlsCertificate is not null)
                answer.BrokerServiceUrlTls = ServiceUrl;
            answer.Authoritative = true;
        }

        connection.Send(new BaseCommand { Type = BaseCommand.Types.Type.LookupResponse, LookupTopicResponse = answer });
    }

    private void HandleProducer(FakeBrokerConnection connection, CommandProducer command)
    {
        if (lookupTarget is not null)
        {
            Error(connection, command.RequestId, ServerError.ServiceNotReady, $"Topic {command.Topic} is not served by this broker");
            return;
        }

        var topic = GetTopic(command.Topic, Options.AutoCreateTopics);
        if (topic is null)
        {
            Error(connection, command.RequestId, ServerError.TopicNotFound, $"Topic {command.Topic} does not exist");
            return;
        }

        var name = command.HasProducerName && command.ProducerName.Length > 0 ? command.ProducerName : $"fake-{Port}-{++producerNames}";
        var busy = connections.Any(c => c != connection && c.Producers.Values.Any(p => p.Topic == topic.Name && p.Name == name));
        if (busy)
        {
            Error(connection, command.RequestId, ServerError.ProducerBusy, $"Producer {name} is already connected to {topic.Name}");
            return;
        }

        connection.Producers[command.ProducerId] = new FakeProducer(command.ProducerId, topic.Name, name, connection);
        connection.ClosedProducerIds.Remove(command.ProducerId);
        connection.FailedProducerIds.Remove(command.ProducerId);
        connection.Send(new BaseCommand
        {
            Type = BaseCommand.Types.Type.ProducerSuccess,
            ProducerSuccess = new CommandProducerSuccess
            {
                RequestId = command.RequestId,
                ProducerName = name,
                LastSequenceId = Options.Deduplication ? topic.LastSequenceIds.GetValueOrDefault(name, -1) : -1,
            },
        });
    }

    private bool HandleSend(FakeBrokerConnection connection, PulsarFrame frame)
    {
        var send = frame.Command.Send;
        if (!connection.Producers.TryGetValue(send.ProducerId, out var producer))
        {
            if (connection.ClosedProducerIds.Contains(send.ProducerId))
                return true; // raced with our CLOSE_PRODUCER: the client resends after re-creating the producer
            violations.Add($"SEND for producer id {send.ProducerId} before PRODUCER_SUCCESS");
            return false;
        }

        if (!frame.HasChecksum || !frame.ChecksumValid)
        {
            violations.Add(frame.HasChecksum ? $"SEND {send.SequenceId} with a wrong checksum" : $"SEND {send.SequenceId} without a checksum");
            connection.Send(new BaseCommand
            {
                Type = BaseCommand.Types.Type.SendError,
                SendError = new CommandSendError { ProducerId = send.ProducerId, SequenceId = send.SequenceId, Error = ServerError.ChecksumError, Message = "Checksum failed on the broker" },
            });
            return true;
        }

        var metadata = frame.Metadata!;
        if (metadata.ProducerName != producer.Name || metadata.SequenceId != send.SequenceId)
        {
            violations.Add($"SEND {send.SequenceId}: metadata says producer '{metadata.ProducerName}' sequence {metadata.SequenceId}, the producer is '{producer.Name}'");
            return false;
        }

        if (frame.Payload.Length > Options.MaxMessageSize)
        {
            violations.Add($"SEND {send.SequenceId}: payload of {frame.Payload.Length} bytes exceeds {Options.MaxMessageSize}");
            return false;
        }

        if (failNextSend is not null || connection.FailedProducerIds.Contains(send.ProducerId))
        {
            var failure = failNextSend ?? ServerError.PersistenceError;
            failNextSend = null;
            connection.FailedProducerIds.Add(send.ProducerId);
            connection.Send(new BaseCommand
            {
                Type = BaseCommand.Types.Type.SendError,
                SendError = new CommandSendError { ProducerId = send.ProducerId, SequenceId = send.SequenceId, Error = failure, Message = "Injected failure (test double)" },
            });
            return true;
        }

        var drop = sendsUntilDrop > 0 && --sendsUntilDrop == 0;
        if (drop && !persistBeforeDrop)
        {
            connection.Close();
            return false;
        }

        var topic = topics[producer.Topic];
        var highest = send.HasHighestSequenceId && send.HighestSequenceId > send.SequenceId ? send.HighestSequenceId : send.SequenceId;
        MessageIdData stored;
        if (Options.Deduplication && (long)send.SequenceId <= topic.LastSequenceIds.GetValueOrDefault(producer.Name, -1))
        {
            DuplicatesDropped++;
            stored = new MessageIdData { LedgerId = ulong.MaxValue, EntryId = ulong.MaxValue };
        }
        else
        {
            topic.LastSequenceIds[producer.Name] = (long)highest;
            var entry = Store(topic, metadata, frame.Payload.ToArray());
            stored = new MessageIdData { LedgerId = (ulong)Options.LedgerId, EntryId = (ulong)entry.EntryId };
        }

        if (drop)
        {
            connection.Close();
            return false;
        }

        connection.Send(new BaseCommand
        {
            Type = BaseCommand.Types.Type.SendReceipt,
            SendReceipt = new CommandSendReceipt { ProducerId = send.ProducerId, SequenceId = send.SequenceId, MessageId = stored, HighestSequenceId = highest },
        });
        return true;
    }

    private void HandleSubscribe(FakeBrokerConnection connection, CommandSubscribe command)
    {
        if (lookupTarget is not null)
        {
            Error(connection, command.RequestId, ServerError.ServiceNotReady, $"Topic {command.Topic} is not served by this broker");
            return;
        }

        if (command.SubType is not (CommandSubscribe.Types.SubType.Shared or CommandSubscribe.Types.SubType.KeyShared))
        {
            Error(connection, command.RequestId, ServerError.NotAllowedError, $"The fake broker serves Shared and Key_Shared subscriptions only (asked {command.SubType})");
            return;
        }

        var topic = GetTopic(command.Topic, Options.AutoCreateTopics && command.ForceTopicCreation);
        if (topic is null)
        {
            Error(connection, command.RequestId, ServerError.TopicNotFound, $"Topic {command.Topic} does not exist");
            return;
        }

        if (!topic.Subscriptions.TryGetValue(command.Subscription, out var subscription))
        {
            subscription = new FakeSubscription(command.Subscription, topic, command.SubType);
            if (command.InitialPosition == CommandSubscribe.Types.InitialPosition.Earliest)
            {
                foreach (var entry in topic.Entries)
                    subscription.Pending.Add(entry.EntryId);
            }

            topic.Subscriptions[command.Subscription] = subscription;
        }
        else if (subscription.Type != command.SubType)
        {
            Error(connection, command.RequestId, ServerError.ConsumerBusy, $"Subscription {command.Subscription} is {subscription.Type}, not {command.SubType}");
            return;
        }

        var consumer = new FakeConsumer(command.ConsumerId, command.HasConsumerName ? command.ConsumerName : $"consumer-{command.ConsumerId}", subscription, connection);
        connection.Consumers[command.ConsumerId] = consumer;
        subscription.Consumers.Add(consumer);
        Success(connection, command.RequestId);
    }

    private void HandleFlow(FakeBrokerConnection connection, CommandFlow flow)
    {
        if (!connection.Consumers.TryGetValue(flow.ConsumerId, out var consumer))
            return; // raced with CLOSE_CONSUMER
        consumer.AvailablePermits += flow.MessagePermits;
        consumer.PermitsGranted += flow.MessagePermits;
        Dispatch(consumer.Subscription);
    }

    private void HandleAck(FakeBrokerConnection connection, CommandAck ack)
    {
        if (ack.AckType != CommandAck.Types.AckType.Individual)
        {
            violations.Add("cumulative ACK on a Shared or Key_Shared subscription");
            return;
        }

        if (!connection.Consumers.TryGetValue(ack.ConsumerId, out var consumer))
            return; // raced with CLOSE_CONSUMER; the message is redelivered
        var subscription = consumer.Subscription;
        foreach (var id in ack.MessageId)
        {
            var entry = (long)id.EntryId;
            subscription.Acks.Add(new FakeAck(new MessageId((long)id.LedgerId, entry, id.Partition, id.BatchIndex), consumer.Name, ack.HasValidationError ? ack.ValidationError.ToString() : null));
            if (id.HasBatchIndex && id.BatchIndex >= 0)
                continue; // batch-index acknowledgement: the entry stays until acknowledged as a whole
            subscription.Unacknowledged.Remove(entry);
            subscription.Pending.Remove(entry);
            subscription.Acknowledged.Add(entry);
        }
    }

    private void HandleRedeliver(FakeBrokerConnection connection, CommandRedeliverUnacknowledgedMessages redeliver)
    {
        if (!connection.Consumers.TryGetValue(redeliver.ConsumerId, out var consumer))
            return;
        var subscription = consumer.Subscription;
        var entries = redeliver.MessageIds.Count == 0
            ? subscription.Unacknowledged.Where(u => u.Value == consumer).Select(u => u.Key)
            : redeliver.MessageIds.Select(id => (long)id.EntryId).Where(e => subscription.Unacknowledged.GetValueOrDefault(e) == consumer);
        subscription.Requeue(entries);
        Dispatch(subscription);
    }

    private void RemoveConsumer(FakeConsumer consumer)
    {
        var subscription = consumer.Subscription;
        if (!subscription.Consumers.Remove(consumer))
            return;
        subscription.Requeue(subscription.Unacknowledged.Where(u => u.Value == consumer).Select(u => u.Key));
        Dispatch(subscription);
    }

    private FakeEntry Store(FakeTopic topic, MessageMetadata metadata, byte[] payload)
    {
        var entry = new FakeEntry(topic.Entries.Count, metadata, payload);
        topic.Entries.Add(entry);
        foreach (var subscription in topic.Subscriptions.Values)
        {
            subscription.Pending.Add(entry.EntryId);
            Dispatch(subscription);
        }

        return entry;
    }

    /// <summary>Sends waiting entries to consumers with permits: Shared round-robin, Key_Shared by a hash of the key (keeping each key's order).</summary>
    private void Dispatch(FakeSubscription subscription)
    {
        if (subscription.Consumers.Count == 0)
            return;
        var blockedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entryId in subscription.Pending.ToList())
        {
            var entry = subscription.Topic.Entries[(int)entryId];
            FakeConsumer? target = null;
            if (subscription.Type == CommandSubscribe.Types.SubType.KeyShared)
            {
                var key = entry.Key ?? "";
                if (blockedKeys.Contains(key))
                    continue;
                var ordered = subscription.Consumers.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.ConsumerId).ToList();
                var candidate = ordered[(int)(StableHash(key) % (uint)ordered.Count)];
                if (candidate.AvailablePermits <= 0)
                {
                    blockedKeys.Add(key);
                    continue;
                }

                target = candidate;
            }
            else
            {
                for (var i = 0; i < subscription.Consumers.Count && target is null; i++)
                {
                    var candidate = subscription.Consumers[(subscription.NextConsumer + i) % subscription.Consumers.Count];
                    if (candidate.AvailablePermits > 0)
                    {
                        target = candidate;
                        subscription.NextConsumer = (subscription.NextConsumer + i + 1) % subscription.Consumers.Count;
                    }
                }

                if (target is null)
                    return;
            }

            subscription.Pending.Remove(entryId);
            subscription.Unacknowledged[entryId] = target;
            target.AvailablePermits -= entry.MessageCount;
            target.MessagesDispatched += entry.MessageCount;
            var message = new CommandMessage
            {
                ConsumerId = target.ConsumerId,
                MessageId = new MessageIdData { LedgerId = (ulong)Options.LedgerId, EntryId = (ulong)entryId },
                RedeliveryCount = (uint)subscription.RedeliveryCounts.GetValueOrDefault(entryId),
            };
            var frame = PulsarFrameCodec.Encode(new BaseCommand { Type = BaseCommand.Types.Type.Message, Message = message }, entry.Metadata, entry.Payload);
            if (corruptMessages > 0)
            {
                corruptMessages--;
                var checksumAt = 8 + (int)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(4)) + 2;
                frame[checksumAt] ^= 0x5A;
            }

            target.Connection.Send(frame);
            if (closeConsumerAfterDispatches > 0 && --closeConsumerAfterDispatches == 0)
            {
                closeConsumerAfterDispatches = -1;
                target.Connection.Consumers.Remove(target.ConsumerId);
                target.Connection.Send(new BaseCommand
                {
                    Type = BaseCommand.Types.Type.CloseConsumer,
                    CloseConsumer = new CommandCloseConsumer { ConsumerId = target.ConsumerId, RequestId = 0 },
                });
                RemoveConsumer(target);
                return;
            }
        }
    }

    private static uint StableHash(string key)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(key))
            hash = (hash ^ b) * 16777619u;
        return hash;
    }

    private FakeTopic? GetTopic(string name, bool create)
    {
        if (topics.TryGetValue(name, out var topic))
            return topic;
        if (!create)
            return null;
        topic = new FakeTopic(name);
        topics[name] = topic;
        return topic;
    }

    private FakeSubscription? FindSubscription(string topic, string subscription) =>
        topics.TryGetValue(TopicName.Normalize(topic), out var found) ? found.Subscriptions.GetValueOrDefault(subscription) : null;

    private IEnumerable<PublishedMessage> Flatten(FakeEntry entry)
    {
        var metadata = entry.Metadata;
        var properties = metadata.Properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (!metadata.HasNumMessagesInBatch)
        {
            yield return new PublishedMessage(new MessageId(Options.LedgerId, entry.EntryId), metadata.ProducerName, (long)metadata.SequenceId,
                entry.Key, properties, entry.Payload);
            yield break;
        }

        var singles = BatchPayload.Decode(entry.Payload, metadata.NumMessagesInBatch);
        for (var i = 0; i < singles.Count; i++)
        {
            var (single, payload) = singles[i];
            yield return new PublishedMessage(new MessageId(Options.LedgerId, entry.EntryId, BatchIndex: i), metadata.ProducerName,
                single.HasSequenceId ? (long)single.SequenceId : (long)metadata.SequenceId + i,
                single.HasPartitionKey ? single.PartitionKey : entry.Key,
                single.Properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), payload);
        }
    }

    private static void Success(FakeBrokerConnection connection, ulong requestId) =>
        connection.Send(new BaseCommand { Type = BaseCommand.Types.Type.Success, Success = new CommandSuccess { RequestId = requestId } });

    private static void Error(FakeBrokerConnection connection, ulong requestId, ServerError error, string message) =>
        connection.Send(new BaseCommand { Type = BaseCommand.Types.Type.Error, Error = new CommandError { RequestId = requestId, Error = error, Message = message } });

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        DisconnectAll();
        await Task.Yield();
        stop.Dispose();
    }
}
