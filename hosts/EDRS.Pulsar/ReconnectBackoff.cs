namespace EDRS.Pulsar;

/// <summary>
/// Exponential backoff with jitter for reconnecting: attempt n waits a random time in [d/2, d] where
/// d = min(max, initial × 2ⁿ). The jitter keeps many clients that lost the same broker from returning in lockstep.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, Random? random = null)
{
    private readonly Random random = random ?? Random.Shared;
    private int attempt;

    public TimeSpan Initial { get; } = initial;

    public TimeSpan Max { get; } = max;

    /// <summary>The delay before the next attempt; each call counts as one more failed attempt.</summary>
    public TimeSpan Next()
    {
        var ceiling = Ceiling(attempt);
        if (attempt < 62)
            attempt++;
        var half = ceiling.Ticks / 2;
        return TimeSpan.FromTicks(half + (long)(random.NextDouble() * (ceiling.Ticks - half)));
    }

    /// <summary>The upper bound of attempt <paramref name="attempt"/> (0-based), before jitter.</summary>
    public TimeSpan Ceiling(int attempt)
    {
        var ticks = Initial.Ticks;
        for (var i = 0; i < attempt && ticks < Max.Ticks; i++)
            ticks *= 2;
        return TimeSpan.FromTicks(Math.Min(ticks, Max.Ticks));
    }

    /// <summary>Call after a success: the next failure starts from <see cref="Initial"/> again.</summary>
    public void Reset() => attempt = 0;
}
