using EDRS.Persistence.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EDRS.Hosting.Outbox;

/// <summary>
/// Keeps the outbox within <see cref="OutboxOptions.MaxBacklog"/> rows in every process, publisher or not: rows are
/// written with every hire, profile change and work item whether or not anything drains them. Past the bound the oldest
/// are dropped (counted, logged); a database error is logged and tried again at the next check.
/// </summary>
internal sealed partial class OutboxBacklogService(OutboxStore store, IOptions<OutboxOptions> options, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger("EDRS.Outbox");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.BacklogCheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    if (await store.CountAsync(stoppingToken).ConfigureAwait(false) <= settings.MaxBacklog)
                        continue;
                    var dropped = await store.TrimAsync(settings.MaxBacklog, stoppingToken).ConfigureAwait(false);
                    if (dropped > 0)
                    {
                        OutboxMetrics.Dropped.Add(dropped);
                        LogDropped(_logger, dropped, settings.MaxBacklog);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogTrimFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped the {Dropped} oldest unpublished outbox rows: the backlog passed Outbox:MaxBacklog ({MaxBacklog}). Is publishing off (PulsarBridge__Publish) or Pulsar unreachable?")]
    private static partial void LogDropped(ILogger logger, int dropped, int maxBacklog);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox backlog could not be checked; trying again at the next check")]
    private static partial void LogTrimFailed(ILogger logger, Exception exception);
}
