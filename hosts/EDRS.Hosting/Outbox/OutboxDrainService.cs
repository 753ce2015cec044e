using EDRS.Persistence;
using EDRS.Persistence.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EDRS.Hosting.Outbox;

/// <summary>One <see cref="OutboxDrainer"/> loop per outbox partition (= group-commit writer index), if a publisher is registered.</summary>
internal sealed partial class OutboxDrainService(
    NpgsqlDataSource dataSource,
    OutboxStore store,
    IEnumerable<IOutboxPublisher> publishers,
    IOptions<OutboxOptions> options,
    IOptions<JournalOptions> journal,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger("EDRS.Outbox");

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (publishers.LastOrDefault() is not { } publisher)
        {
            LogNoPublisher(_logger);
            return Task.CompletedTask;
        }
        var drainer = new OutboxDrainer(dataSource, store, publisher, options.Value, _logger);
        return Task.WhenAll(Enumerable.Range(0, journal.Value.Writers).Select(p => Task.Run(() => drainer.RunAsync(p, stoppingToken), stoppingToken)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No outbox publisher is configured in this process: outgoing domain events stay in edrs_outbox (set PulsarBridge__Publish=true to send them to Pulsar)")]
    private static partial void LogNoPublisher(ILogger logger);
}
