using Microsoft.Extensions.Logging;
using Npgsql;

namespace EDRS.Persistence.Outbox;

/// <summary>
/// Drains one outbox partition into an <see cref="IOutboxPublisher"/>, in sequence order, at least once: a row is
/// deleted only after the publisher returned, and a failed publish is retried (never skipped, so order holds).
/// Exactly one drainer per partition runs in the whole cluster: it holds a PostgreSQL session advisory lock on the
/// partition while it drains (another process's drainer waits for the lock, and takes over if this one dies).
/// </summary>
public sealed partial class OutboxDrainer(
    NpgsqlDataSource dataSource, OutboxStore store, IOutboxPublisher publisher, OutboxOptions options, ILogger logger)
{
    /// <summary>First key of the drain locks (the second is the partition); distinct from the writers' lock class.</summary>
    public const int DrainLockClass = 0x0EDB0D5;

    public async Task RunAsync(int partition, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var lockConnection = await dataSource.OpenConnectionAsync(stopping).ConfigureAwait(false);
                if (!await TryLockAsync(lockConnection, partition, stopping).ConfigureAwait(false))
                {
                    await Task.Delay(options.PollInterval * 10, stopping).ConfigureAwait(false);
                    continue;
                }
                LogDraining(logger, partition);
                // The lock lives as long as this connection: drain until stopped or the connection breaks.
                while (!stopping.IsCancellationRequested && lockConnection.FullState == System.Data.ConnectionState.Open)
                {
                    var drained = await DrainOnceAsync(partition, stopping).ConfigureAwait(false);
                    if (drained == 0)
                        await Task.Delay(options.PollInterval, stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogDrainFailed(logger, ex, partition);
                try
                {
                    await Task.Delay(options.RetryDelay, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Publishes the next rows of <paramref name="partition"/>; returns how many were published.</summary>
    public async Task<int> DrainOnceAsync(int partition, CancellationToken cancellationToken)
    {
        var messages = await store.ReadAsync(partition, options.BatchSize, cancellationToken).ConfigureAwait(false);
        var published = 0;
        try
        {
            foreach (var message in messages)
            {
                await publisher.PublishAsync(message, cancellationToken).ConfigureAwait(false);
                published++;
            }
        }
        finally
        {
            if (published > 0)
                await store.DeleteThroughAsync(partition, messages[published - 1].Sequence, CancellationToken.None).ConfigureAwait(false);
        }
        return published;
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, int partition, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock($1, $2)", connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = DrainLockClass });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Draining outbox partition {Partition}")]
    private static partial void LogDraining(ILogger logger, int partition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox partition {Partition} could not be drained; retrying")]
    private static partial void LogDrainFailed(ILogger logger, Exception exception, int partition);
}
