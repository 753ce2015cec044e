using System.Threading.Channels;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Polling;
using EDRS.Persistence.Reminders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EDRS.Hosting.Reminders;

/// <summary>
/// Every member's share of the durable timers: polls the reminder table, claims due reminders (rows other members are
/// claiming are skipped), wakes each grain through its kind's <see cref="IReminderTarget"/>, and completes the claim
/// once the grain acknowledged (the claims of wake-ups that returned together are completed by one statement). A failed
/// wake-up is released for a retry with backoff; a member that dies mid-wake-up leaves its claims to run out, after which
/// any member takes them.
/// </summary>
internal sealed partial class ReminderService(
    ReminderStore store,
    IEnumerable<IReminderTarget> targets,
    IOptions<RemindersOptions> options,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger("EDRS.Reminders");
    private readonly Dictionary<string, IReminderTarget> _targets = targets.GroupBy(t => t.Kind).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>Claims whose wake-up returned, waiting to be completed together.</summary>
    private readonly Channel<DueReminder> _woken = Channel.CreateUnbounded<DueReminder>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var completing = CompleteLoopAsync(settings.BatchSize);
        try
        {
            await ClaimLoop.RunAsync(
                ct => store.ClaimDueAsync(settings.BatchSize, settings.ClaimLease, ct), WakeAsync,
                settings.BatchSize, settings.Concurrency, settings.PollInterval, settings.RetryDelay, ex => LogPollFailed(_logger, ex), stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _woken.Writer.TryComplete();
            await completing.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Completes the claims of returned wake-ups, as many as are waiting in one statement. A completion that fails only
    /// leaves its claims to run out: the grains are then woken once more, which they treat as harmless.
    /// </summary>
    private async Task CompleteLoopAsync(int batchSize)
    {
        var batch = new List<DueReminder>(batchSize);
        while (await _woken.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < batchSize && _woken.Reader.TryRead(out var reminder))
                batch.Add(reminder);
            try
            {
                await store.CompleteAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogCompleteFailed(_logger, ex, batch.Count);
            }
        }
    }

    private async Task WakeAsync(DueReminder reminder, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            if (!_targets.TryGetValue(reminder.Kind, out var target))
                throw new InvalidOperationException($"No reminder target is registered for the {reminder.Kind} kind in this process.");
            var grain = GrainIdentity.Parse(reminder.Kind, reminder.Identity);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(settings.WakeTimeout);
            await target.WakeAsync(grain, reminder.Name, reminder.DueAt, timeout.Token).ConfigureAwait(false);
            ReminderMetrics.Lateness.Record(
                Math.Max(0, (time.GetUtcNow() - reminder.DueAt).TotalMilliseconds), new KeyValuePair<string, object?>("kind", reminder.Kind));
            _woken.Writer.TryWrite(reminder);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            ReminderMetrics.Failures.Add(1, new KeyValuePair<string, object?>("kind", reminder.Kind));
            LogWakeFailed(_logger, ex, reminder.Kind, reminder.Identity, reminder.Name, reminder.Attempts);
            var backoff = TimeSpan.FromTicks(Math.Min(
                settings.ClaimLease.Ticks, settings.RetryDelay.Ticks * (1L << Math.Min(reminder.Attempts - 1, 20))));
            try
            {
                await store.ReleaseAsync(reminder, backoff, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception releaseFailure)
            {
                // The claim then runs out by itself (ClaimLease) and the reminder is claimed again.
                LogPollFailed(_logger, releaseFailure);
            }
        }
        catch (Exception)
        {
            // Stopping: the claim runs out and another member (or this one, restarted) wakes the grain.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Due reminders could not be read; trying again")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} woken reminders could not be completed; their claims run out and they wake their grains once more")]
    private static partial void LogCompleteFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {Name} of {Kind} {Identity} could not wake its grain (attempt {Attempts}); it will be retried")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, string kind, string identity, string name, int attempts);
}
