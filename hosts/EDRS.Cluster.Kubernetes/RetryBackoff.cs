namespace EDRS.Cluster.Kubernetes;

/// <summary>
/// Exponential backoff with jitter for calls to the API server: after an outage, every member of a large cluster
/// retries at once, and the jitter spreads them so the API server is not hit by a synchronized wave.
/// </summary>
internal sealed class RetryBackoff(TimeSpan min, TimeSpan max)
{
    private readonly TimeSpan _min = min;
    private TimeSpan _next = min;

    /// <summary>The delay before the next attempt; each call doubles the following one, up to the maximum.</summary>
    public TimeSpan Next()
    {
        var current = _next;
        _next = TimeSpan.FromTicks(Math.Min(max.Ticks, current.Ticks * 2));
        // Up to 20% jitter, never below the minimum.
        return current + TimeSpan.FromTicks((long)(current.Ticks * 0.2 * Random.Shared.NextDouble()));
    }

    /// <summary>Back to the minimum after a call succeeded.</summary>
    public void Reset() => _next = _min;

    /// <summary>Waits <paramref name="delay"/>; false when <paramref name="cancellationToken"/> fired first.</summary>
    public static async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
