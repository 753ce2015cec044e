namespace EDRS.Hosting.Polling;

/// <summary>
/// The loop of a process's share of durable work kept in a table (reminders, webhook deliveries): claim a batch of due
/// rows, hand each to its handler with at most <c>concurrency</c> in flight, claim again at once after a full batch,
/// else wait <c>pollInterval</c>; a failed claim is reported and retried after <c>retryDelay</c>. Handlers own their
/// failures (a claim that is never completed runs out and is taken again).
/// </summary>
internal static class ClaimLoop
{
    public static async Task RunAsync<T>(
        Func<CancellationToken, Task<List<T>>> claim,
        Func<T, CancellationToken, Task> handle,
        int batchSize,
        int concurrency,
        TimeSpan pollInterval,
        TimeSpan retryDelay,
        Action<Exception> claimFailed,
        CancellationToken stoppingToken)
    {
        using var inFlight = new SemaphoreSlim(concurrency);
        while (!stoppingToken.IsCancellationRequested)
        {
            List<T> due;
            try
            {
                due = await claim(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                claimFailed(ex);
                await DelayAsync(retryDelay, stoppingToken).ConfigureAwait(false);
                continue;
            }
            foreach (var item in due)
            {
                try
                {
                    await inFlight.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                _ = HandleAsync(item, handle, inFlight, stoppingToken);
            }
            // A full batch means more are due: claim again at once.
            if (due.Count < batchSize)
                await DelayAsync(pollInterval, stoppingToken).ConfigureAwait(false);
        }
    }

    private static async Task HandleAsync<T>(T item, Func<T, CancellationToken, Task> handle, SemaphoreSlim inFlight, CancellationToken stoppingToken)
    {
        try
        {
            await handle(item, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Handlers record their own failures; whatever escapes leaves the claim to run out and be taken again.
        }
        finally
        {
            inFlight.Release();
        }
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
