using EDRS.Actors.Knowledge;
using EDRS.Actors.Knowledge.Ingestion;
using EDRS.Actors.Knowledge.Sources;
using EDRS.Persistence.Knowledge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EDRS.Hosting.Knowledge;

/// <summary>
/// Re-ingests the sources inbound <c>knowledge.*</c> events asked for: every process that can ingest documents (it has
/// the embedding model's tokenizer — the gateway) claims pending requests from <see cref="SourceRefreshStore"/> every
/// <see cref="KnowledgeOptions.SourceRefreshPollInterval"/> and hands each to <see cref="SourceRefresher"/>. A claim is a
/// lease long enough for a fetch and an ingest; if this process dies meanwhile, another claims the request again.
/// </summary>
public sealed partial class SourceRefreshWorker(IServiceProvider services, IOptions<KnowledgeOptions> options, ILogger<SourceRefreshWorker> logger) : BackgroundService
{
    private const int BatchSize = 4;

    /// <summary>A fetch, then parsing, embedding and committing a document of the largest size.</summary>
    private readonly TimeSpan _lease = options.Value.SourceFetchTimeout + TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Only where documents can be cut (the embedding model's tokenizer is here) and the journal's database is.
        if (services.GetService<DocumentIngestor>() is not { CanIngest: true } || services.GetService<NpgsqlDataSource>() is null)
            return;
        var store = services.GetRequiredService<SourceRefreshStore>();
        var refresher = services.GetRequiredService<SourceRefresher>();
        using var timer = new PeriodicTimer(options.Value.SourceRefreshPollInterval);
        do
        {
            try
            {
                List<SourceRefresh> claimed;
                do
                {
                    claimed = await store.ClaimDueAsync(BatchSize, _lease, stoppingToken).ConfigureAwait(false);
                    foreach (var refresh in claimed)
                        await refresher.RefreshAsync(refresh, stoppingToken).ConfigureAwait(false);
                }
                while (claimed.Count == BatchSize && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database unreachable, most likely: claimed requests come back when their leases run out.
                LogPassFailed(logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for knowledge sources to re-ingest failed; trying again at the next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
