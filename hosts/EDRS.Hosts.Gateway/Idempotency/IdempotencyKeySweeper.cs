using EDRS.Persistence.Idempotency;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EDRS.Hosts.Gateway.Idempotency;

/// <summary>
/// Deletes Idempotency-Keys past their retention, every <see cref="IdempotencyOptions.SweepInterval"/>. Expired keys are
/// already free for a new request (the registry ignores them); this only keeps the table small. Every gateway runs it;
/// the deletes are idempotent.
/// </summary>
internal sealed partial class IdempotencyKeySweeper(IdempotencyKeyStore store, IOptions<IdempotencyOptions> options, TimeProvider time, ILogger<IdempotencyKeySweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var deleted = await store.ExpireAsync(options.Value.Retention, stoppingToken).ConfigureAwait(false);
                if (deleted > 0)
                    LogExpired(logger, deleted);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                LogSweepFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} expired Idempotency-Keys")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expired Idempotency-Keys could not be deleted; trying again next time")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
