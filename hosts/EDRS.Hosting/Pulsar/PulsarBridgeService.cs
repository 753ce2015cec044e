using System.Globalization;
using EDRS.Actors.Inbound.Ingestion;
using EDRS.Grains.Contracts.Events;
using EDRS.Pulsar;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EDRS.Hosting.Pulsar;

/// <summary>
/// The Pulsar bridge: consumes the configured topics (Shared subscription), turns each message into an event of the
/// configured tenant, ingests it through the same <see cref="EventIngestor"/> as REST and gRPC, and acknowledges the
/// message only after the ingestion answered — i.e. after the event's journal commit. Pulsar redelivers what is not
/// acknowledged (at least once) and ingestion deduplicates by event id, so each message has one effect. A message
/// that cannot become an event goes to the dead-letter topic (with the reason in its properties), is counted, and is
/// acknowledged; nothing stops the consumer. So does a message refused for what it holds (text or numbers the journal
/// cannot store): it would be refused again on every redelivery. A failed ingestion (journal or cluster unavailable) is
/// asked for again.
/// </summary>
public sealed partial class PulsarBridgeService(
    PulsarClient client,
    EventIngestor ingestor,
    IOptions<PulsarBridgeOptions> options,
    IEnumerable<IPulsarBridgeObserver> observers,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger("EDRS.PulsarBridge");
    private readonly PulsarBridgeOptions _options = options.Value;
    private readonly IPulsarBridgeObserver[] _observers = [.. observers];
    private readonly SemaphoreSlim _deadLetterGate = new(1, 1);
    private PulsarProducer? _deadLetter;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_options.Topics.Select(t => Task.Run(() => ConsumeAsync(_options.FullTopic(t), stoppingToken), stoppingToken)));

    private async Task ConsumeAsync(string topic, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var consumer = await client.SubscribeAsync(new PulsarConsumerOptions
                {
                    Topic = topic,
                    SubscriptionName = _options.Subscription,
                    SubscriptionType = SubscriptionType.Shared,
                    ReceiverQueueSize = _options.MaxInFlight,
                }, stopping).ConfigureAwait(false);
                LogConsuming(_logger, topic, _options.Subscription, _options.Tenant);
                using var slots = new SemaphoreSlim(_options.MaxInFlight);
                while (!stopping.IsCancellationRequested)
                {
                    await slots.WaitAsync(stopping).ConfigureAwait(false);
                    var message = await consumer.ReceiveAsync(stopping).ConfigureAwait(false);
                    // Many messages in flight at once: the ingestor batches them per router partition.
                    _ = HandleAsync(consumer, message, stopping).ContinueWith(static (_, s) => ((SemaphoreSlim)s!).Release(), slots, TaskScheduler.Default);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogConsumerFailed(_logger, ex, topic);
                try
                {
                    await Task.Delay(_options.RetryDelay, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task HandleAsync(PulsarConsumer consumer, PulsarMessage message, CancellationToken stopping)
    {
        try
        {
            var e = PulsarEventParser.TryParse(message, out var error);
            if (e is null)
            {
                await DeadLetterAsync(consumer, message, error, stopping).ConfigureAwait(false);
                return;
            }
            var result = await ingestor.IngestAsync(_options.Tenant, e, stopping).ConfigureAwait(false);
            // Refused for what it holds (invalid, or data the journal cannot store): it would be refused again on every
            // redelivery, so it is dead-lettered once.
            if (result.ErrorCode is (int)StatusCode.InvalidArgument or (int)StatusCode.FailedPrecondition)
            {
                await DeadLetterAsync(consumer, message, result.ErrorMessage, stopping).ConfigureAwait(false);
                return;
            }
            if (result.ErrorCode != 0)
            {
                // Not (known to be) committed: not acknowledged; asked for again after a pause.
                PulsarBridgeMetrics.Retried.Add(1);
                LogRetry(_logger, message.Topic, (StatusCode)result.ErrorCode);
                await Task.Delay(_options.RetryDelay, stopping).ConfigureAwait(false);
                await consumer.RedeliverAsync(message.Id, stopping).ConfigureAwait(false);
                return;
            }
            foreach (var observer in _observers)
                await observer.CommittedAsync(message, result, stopping).ConfigureAwait(false);
            await consumer.AcknowledgeAsync(message.Id, stopping).ConfigureAwait(false);
            PulsarBridgeMetrics.Ingested.Add(1);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: unacknowledged messages come again to whichever bridge consumes next.
        }
        catch (Exception ex)
        {
            LogHandleFailed(_logger, ex, message.Topic);
            try
            {
                await consumer.RedeliverAsync(message.Id, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception redeliver) when (redeliver is PulsarException or ObjectDisposedException or InvalidOperationException)
            {
                // The consumer is gone; the broker redelivers everything unacknowledged on the next subscription.
            }
        }
    }

    private async Task DeadLetterAsync(PulsarConsumer consumer, PulsarMessage message, string reason, CancellationToken stopping)
    {
        var producer = await DeadLetterProducerAsync(stopping).ConfigureAwait(false);
        var properties = new Dictionary<string, string>(message.Properties)
        {
            ["edrs-dead-letter-reason"] = reason.Length > 1000 ? reason[..1000] : reason,
            ["edrs-original-topic"] = message.Topic,
            ["edrs-original-message-id"] = message.Id.ToString(),
            ["edrs-redelivery-count"] = message.RedeliveryCount.ToString(CultureInfo.InvariantCulture),
        };
        await producer.SendAsync(message.Payload, message.Key, properties, cancellationToken: stopping).ConfigureAwait(false);
        await consumer.AcknowledgeAsync(message.Id, stopping).ConfigureAwait(false);
        PulsarBridgeMetrics.DeadLettered.Add(1, new KeyValuePair<string, object?>("topic", message.Topic));
        LogDeadLettered(_logger, message.Topic, _options.DeadLetter, reason);
    }

    private async Task<PulsarProducer> DeadLetterProducerAsync(CancellationToken stopping)
    {
        if (_deadLetter is { } existing)
            return existing;
        await _deadLetterGate.WaitAsync(stopping).ConfigureAwait(false);
        try
        {
            return _deadLetter ??= await client.CreateProducerAsync(new PulsarProducerOptions { Topic = _options.DeadLetter }, stopping).ConfigureAwait(false);
        }
        finally
        {
            _deadLetterGate.Release();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_deadLetter is { } producer)
            await producer.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulsar bridge consumes {Topic} (subscription {Subscription}) into tenant {Tenant}")]
    private static partial void LogConsuming(ILogger logger, string topic, string subscription, string tenant);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pulsar bridge consumer of {Topic} failed; subscribing again")]
    private static partial void LogConsumerFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message of {Topic} could not be handled; it will be redelivered")]
    private static partial void LogHandleFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingestion of a message of {Topic} failed ({Status}); it will be redelivered")]
    private static partial void LogRetry(ILogger logger, string topic, StatusCode status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message of {Topic} is not an event; sent to {DeadLetterTopic}: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string topic, string deadLetterTopic, string reason);
}
