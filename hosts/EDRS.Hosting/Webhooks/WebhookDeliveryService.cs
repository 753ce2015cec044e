using EDRS.Actors.Webhooks;
using EDRS.Hosting.Polling;
using EDRS.Persistence.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EDRS.Hosting.Webhooks;

/// <summary>
/// This process's share of the webhook deliveries: polls the delivery table, claims due deliveries (rows other processes
/// are claiming are skipped), sends each signed, and records the outcome — delivered; or, after a failure, the next attempt
/// after an exponential, jittered wait; or dead once <see cref="WebhooksOptions.MaxAttempts"/> are spent. A process that
/// dies mid-attempt leaves its claims to run out, after which any process sends them again (same delivery id).
/// </summary>
internal sealed partial class WebhookDeliveryService(
    WebhookDeliveryStore store,
    WebhookSender sender,
    IOptions<WebhooksOptions> options,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger("EDRS.Webhooks");

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Deliver)
            return Task.CompletedTask;
        return ClaimLoop.RunAsync(
            ct => store.ClaimDueAsync(settings.BatchSize, settings.ClaimLease, ct), AttemptAsync,
            settings.BatchSize, settings.Concurrency, settings.PollInterval, settings.PollInterval * 10, ex => LogPollFailed(_logger, ex), stoppingToken);
    }

    private async Task AttemptAsync(ClaimedDelivery delivery, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            var attempt = await sender.SendAsync(delivery.Url, delivery.Secret, delivery.EventType, delivery.Id.ToString("D"), delivery.Payload, stoppingToken).ConfigureAwait(false);
            if (attempt.Delivered)
            {
                await store.MarkDeliveredAsync(delivery.Id, CancellationToken.None).ConfigureAwait(false);
                return;
            }
            var code = attempt.ErrorCode ?? "failed";
            // A URL that resolves only into a blocked network does not become reachable by waiting.
            if (delivery.Attempt >= settings.MaxAttempts || code == WebhookSender.BlockedNetwork)
            {
                LogDeadLettered(_logger, delivery.Id, delivery.Tenant, delivery.SubscriptionId, delivery.Attempt, code);
                await store.MarkDeadAsync(delivery.Id, code, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await store.RetryLaterAsync(delivery.Id, settings.DelayAfter(delivery.Attempt, Random.Shared.NextDouble()), code, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The outcome could not be recorded: the claim runs out and the delivery is attempted again.
            LogRecordFailed(_logger, ex, delivery.Id);
        }
        catch (Exception)
        {
            // Stopping: the claim runs out and another process (or this one, restarted) sends it again.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Due webhook deliveries could not be read; trying again")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outcome of webhook delivery {DeliveryId} could not be recorded; it will be attempted again")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} of tenant {Tenant} (subscription {SubscriptionId}) is dead after {Attempts} attempts; last error {ErrorCode}")]
    private static partial void LogDeadLettered(ILogger logger, Guid deliveryId, string tenant, string subscriptionId, int attempts, string errorCode);
}
