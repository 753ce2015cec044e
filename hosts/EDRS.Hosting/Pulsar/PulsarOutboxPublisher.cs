using System.Collections.Concurrent;
using System.Text;
using EDRS.Persistence.Outbox;
using EDRS.Pulsar;
using Microsoft.Extensions.Options;

namespace EDRS.Hosting.Pulsar;

/// <summary>
/// Sends outbox messages to <c>persistent://{PulsarTenant}/{Namespace}/{domain}.{action}</c>. One producer per outbox
/// partition and topic, named <c>edrs-outbox-{partition}</c> on every process (whichever holds the partition's drain
/// lock), and the outbox sequence as the Pulsar sequence id: a message re-sent after a crash or a lost receipt has a
/// sequence id the broker already persisted for that producer name, so broker-side deduplication drops it.
/// The key is the event's stream, so a Key_Shared subscriber sees one stream's events in order.
/// </summary>
public sealed class PulsarOutboxPublisher(PulsarClient client, IOptions<PulsarBridgeOptions> options) : IOutboxPublisher, IAsyncDisposable
{
    private readonly ConcurrentDictionary<(int Partition, string Topic), Task<PulsarProducer>> _producers = new();

    public static string ProducerName(int partition) => $"edrs-outbox-{partition}";

    public async Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var key = (message.Partition, message.Topic);
        var producer = await _producers.GetOrAdd(key, k => client.CreateProducerAsync(new PulsarProducerOptions
        {
            Topic = options.Value.FullTopic(k.Topic),
            ProducerName = ProducerName(k.Partition),
        }, cancellationToken)).ConfigureAwait(false);
        try
        {
            await producer.SendAsync(Encoding.UTF8.GetBytes(message.Payload), message.Key,
                new Dictionary<string, string> { ["edrs-topic"] = message.Topic, ["edrs-outbox-partition"] = message.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture) },
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

    public async ValueTask DisposeAsync()
    {
        foreach (var producer in _producers.Values)
        {
            if (producer.IsCompletedSuccessfully)
                await producer.Result.DisposeAsync().ConfigureAwait(false);
        }
    }
}
