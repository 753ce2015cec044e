using System.Collections.Concurrent;
using System.Text;
using EDRS.Grains.Runtime;
using EDRS.Persistence.Outbox;
using EDRS.Pulsar;
using Microsoft.Extensions.Options;

namespace EDRS.Hosting.Pulsar;

/// <summary>
/// Sends outbox messages to their tenant's own topic, <c>persistent://{PulsarTenant}/{Namespace}/{tenant}.{domain}.{action}</c>
/// (the tenant is the one of the event's stream), so a consumer given one tenant's topics sees nothing of another tenant's
/// profiles or work. One producer per outbox partition and topic, named <c>edrs-outbox-{partition}</c> on every process
/// (whichever holds the partition's drain lock), and the outbox sequence as the Pulsar sequence id: a message re-sent after
/// a crash or a lost receipt has a sequence id the broker already persisted for that producer name, so broker-side
/// deduplication drops it. The key is the event's stream, so a Key_Shared subscriber sees one stream's events in order.
/// </summary>
public sealed class PulsarOutboxPublisher(PulsarClient client, IOptions<PulsarBridgeOptions> options) : IOutboxPublisher, IAsyncDisposable
{
    private readonly ConcurrentDictionary<(int Partition, string Topic), Task<PulsarProducer>> _producers = new();

    public static string ProducerName(int partition) => $"edrs-outbox-{partition}";

    public async Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var tenant = TenantOf(message);
        var key = (message.Partition, $"{tenant}.{message.Topic}");
        var producer = await _producers.GetOrAdd(key, k => client.CreateProducerAsync(new PulsarProducerOptions
        {
            Topic = options.Value.FullTopic(k.Topic),
            ProducerName = ProducerName(k.Partition),
        }, cancellationToken)).ConfigureAwait(false);
        try
        {
            await producer.SendAsync(Encoding.UTF8.GetBytes(message.Payload), message.Key,
                new Dictionary<string, string>
                {
                    ["edrs-topic"] = message.Topic,
                    ["edrs-tenant"] = tenant,
                    ["edrs-outbox-partition"] = message.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                message.Sequence, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Start over with a fresh producer of the same name: it resumes after what the broker persisted, so
            // re-sending this message is either stored once or recognised as a duplicate.
            if (_producers.TryRemove(key, out var failed))
                await (await failed.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static string TenantOf(OutboxMessage message) =>
        GrainIdentity.TryParseStreamKey(message.Key, out var stream)
            ? stream.Tenant
            : throw new InvalidOperationException($"Outbox message {message.Partition}/{message.Sequence} has no tenant's stream key; it is not published.");

    public async ValueTask DisposeAsync()
    {
        foreach (var producer in _producers.Values)
        {
            if (producer.IsCompletedSuccessfully)
                await producer.Result.DisposeAsync().ConfigureAwait(false);
        }
    }
}
