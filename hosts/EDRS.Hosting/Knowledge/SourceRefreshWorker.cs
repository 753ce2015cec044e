using EDRS.Actors.Knowledge;
using EDRS.Actors.Knowledge.Ingestion;
using EDRS.Actors.Knowledge.Sources;
using EDRS.Hosting.Polling;
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
        // One refresh at a time: each may fetch and embed a large document.
        await ClaimLoop.RunAsync(
            token => store.ClaimDueAsync(BatchSize, _lease, token),
            (refresh, token) => RefreshAsync(refresher, refresh, token),
            BatchSize, concurrency: 1, options.Value.SourceRefreshPollInterval, options.Value.SourceRefreshPollInterval,
            ex => LogClaimFailed(logger, ex), stoppingToken).ConfigureAwait(false);
    }

    private async Task RefreshAsync(SourceRefresher refresher, SourceRefresh refresh, CancellationToken stoppingToken)
    {
        try
        {
            await refresher.RefreshAsync(refresh, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The database unreachable, most likely: the request comes back when its lease runs out.
            LogRefreshFailed(logger, ex, refresh.SourceUri);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for knowledge sources to re-ingest failed; trying again at the next interval")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-ingesting {SourceUri} failed; it is tried again when its claim runs out")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string sourceUri);
}
