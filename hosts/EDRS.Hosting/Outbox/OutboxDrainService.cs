using EDRS.Persistence;
using EDRS.Persistence.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EDRS.Hosting.Outbox;

/// <summary>One <see cref="OutboxDrainer"/> loop per outbox partition (= group-commit writer index), when <c>Outbox:Drain</c> is on.</summary>
internal sealed class OutboxDrainService(
    NpgsqlDataSource dataSource,
    OutboxStore store,
    IOutboxPublisher publisher,
    IOptions<OutboxOptions> options,
    IOptions<JournalOptions> journal,
    ILoggerFactory loggers) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var drainer = new OutboxDrainer(dataSource, store, publisher, options.Value, loggers.CreateLogger("EDRS.Outbox"));
        return Task.WhenAll(Enumerable.Range(0, journal.Value.Writers).Select(p => Task.Run(() => drainer.RunAsync(p, stoppingToken), stoppingToken)));
    }
}
