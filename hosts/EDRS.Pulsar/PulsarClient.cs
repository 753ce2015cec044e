// Why this client is hand-written: no Apache Pulsar client library (DotPulsar, Pulsar.Client, ...) is served by the
// package registry this project builds from, so EDRS speaks the documented Pulsar binary protocol itself
// (https://pulsar.apache.org/docs/developing-binary-protocol/), with its own .proto subset (Protos/pulsar_api.proto)
// whose field numbers follow the upstream PulsarApi.proto. It covers what EDRS needs and nothing more: see README.md.

using System.Collections.Concurrent;
using EDRS.Pulsar.Connections;
using EDRS.Pulsar.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EDRS.Pulsar;

/// <summary>
/// Entry point: looks topics up (following redirects to the owning broker), pools one connection per broker, and
/// creates producers and consumers that reconnect on their own. One client per process is enough.
/// </summary>
public sealed class PulsarClient : IAsyncDisposable
{
    private const int MaxLookupRedirects = 20;

    private readonly IReadOnlyList<BrokerAddress> serviceEndpoints;
    private readonly ConcurrentDictionary<(BrokerAddress Logical, BrokerAddress Physical), Lazy<Task<PulsarConnection>>> connections = new();
    private readonly ConcurrentDictionary<IAsyncDisposable, byte> children = new();
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;
    private long requestId;
    private long producerId;
    private long consumerId;
    private int nextEndpoint;
    private int disposed;

    public PulsarClient(PulsarClientOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
            throw new ArgumentException("Invalid Pulsar client options: " + string.Join(" ", problems), nameof(options));
        ServiceEndpoints.TryParse(options.ServiceUrl, out serviceEndpoints, out _);
        Options = options;
        this.loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        logger = this.loggerFactory.CreateLogger<PulsarClient>();
    }

    public PulsarClientOptions Options { get; }

    internal bool IsDisposed => Volatile.Read(ref disposed) != 0;

    internal ILogger CreateLogger<T>() => loggerFactory.CreateLogger<T>();

    internal ulong NextRequestId() => (ulong)Interlocked.Increment(ref requestId);

    /// <summary>Creates a producer once the broker has accepted it (retrying transient failures up to the operation timeout).</summary>
    public async Task<PulsarProducer> CreateProducerAsync(PulsarProducerOptions options, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var producer = new PulsarProducer(this, options, (ulong)Interlocked.Increment(ref producerId));
        try
        {
            await producer.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await producer.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        children[producer] = 0;
        return producer;
    }

    /// <summary>Subscribes once the broker has accepted the consumer (retrying transient failures up to the operation timeout).</summary>
    public async Task<PulsarConsumer> SubscribeAsync(PulsarConsumerOptions options, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var consumer = new PulsarConsumer(this, options, (ulong)Interlocked.Increment(ref consumerId));
        try
        {
            await consumer.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await consumer.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        children[consumer] = 0;
        return consumer;
    }

    internal void Forget(IAsyncDisposable child) => children.TryRemove(child, out _);

    /// <summary>
    /// Finds the broker that owns <paramref name="topic"/> with binary lookups, following Redirect answers (with the
    /// authoritative flag the broker gave). With <c>proxy_through_service_url</c> the socket keeps going to the
    /// service URL and CONNECT names the owning broker.
    /// </summary>
    internal async Task<PulsarConnection> ConnectToOwnerAsync(string topic, CancellationToken cancellationToken)
    {
        var service = ServiceEndpoint();
        var connection = await GetConnectionAsync(service, service, cancellationToken).ConfigureAwait(false);
        var authoritative = false;
        for (var hop = 0; hop <= MaxLookupRedirects; hop++)
        {
            var id = NextRequestId();
            var answer = await connection.RequestAsync(new BaseCommand
            {
                Type = BaseCommand.Types.Type.Lookup,
                LookupTopic = new CommandLookupTopic { Topic = topic, RequestId = id, Authoritative = authoritative },
            }, id, cancellationToken).ConfigureAwait(false);
            if (answer.Type == BaseCommand.Types.Type.Error)
                throw Failure($"Lookup of {topic}", answer.Error.Error, answer.Error.Message);
            var lookup = answer.LookupTopicResponse;
            if (lookup.Response == CommandLookupTopicResponse.Types.LookupType.Failed)
                throw Failure($"Lookup of {topic}", lookup.Error, lookup.Message);

            var url = service.UseTls ? lookup.BrokerServiceUrlTls : lookup.BrokerServiceUrl;
            if (string.IsNullOrEmpty(url))
                url = service.UseTls ? lookup.BrokerServiceUrl : lookup.BrokerServiceUrlTls;
            if (!BrokerAddress.TryParse(url, out var broker))
                throw new PulsarException($"Lookup of {topic} answered an unusable broker URL '{url}'.", ServerError.MetadataError);
            var physical = lookup.ProxyThroughServiceUrl ? service : broker;
            if (lookup.Response == CommandLookupTopicResponse.Types.LookupType.Connect)
                return await GetConnectionAsync(broker, physical, cancellationToken).ConfigureAwait(false);

            authoritative = lookup.Authoritative;
            PulsarLog.LookupRedirected(logger, topic, broker.ToString(), authoritative);
            connection = await GetConnectionAsync(broker, physical, cancellationToken).ConfigureAwait(false);
        }

        throw new PulsarException($"Lookup of {topic} was redirected more than {MaxLookupRedirects} times.", ServerError.ServiceNotReady);
    }

    private BrokerAddress ServiceEndpoint() =>
        serviceEndpoints[(int)((uint)Interlocked.Increment(ref nextEndpoint) % (uint)serviceEndpoints.Count)];

    /// <summary>The pooled connection to <paramref name="logical"/> through <paramref name="physical"/>, opened when missing or closed.</summary>
    internal async Task<PulsarConnection> GetConnectionAsync(BrokerAddress logical, BrokerAddress physical, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var key = (logical, physical);
        while (true)
        {
            var entry = connections.GetOrAdd(key, _ => new Lazy<Task<PulsarConnection>>(
                () => PulsarConnection.OpenAsync(logical, physical, Options, CreateLogger<PulsarConnection>(), CancellationToken.None)));
            PulsarConnection connection;
            try
            {
                connection = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                connections.TryRemove(new KeyValuePair<(BrokerAddress, BrokerAddress), Lazy<Task<PulsarConnection>>>(key, entry));
                throw;
            }

            if (!connection.IsClosed)
                return connection;
            connections.TryRemove(new KeyValuePair<(BrokerAddress, BrokerAddress), Lazy<Task<PulsarConnection>>>(key, entry));
        }
    }

    internal static PulsarException Failure(string what, ServerError error, string message) =>
        error == ServerError.AuthenticationError
            ? new PulsarAuthenticationException($"{what} was refused: {error}: {message}")
            : new PulsarException($"{what} failed: {error}: {message}", error);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        foreach (var child in children.Keys)
            await child.DisposeAsync().ConfigureAwait(false);
        foreach (var entry in connections.Values)
        {
            if (entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
                await entry.Value.Result.DisposeAsync().ConfigureAwait(false);
        }

        connections.Clear();
    }
}
