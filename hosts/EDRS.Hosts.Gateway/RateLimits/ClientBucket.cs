namespace EDRS.Hosts.Gateway.RateLimits;

/// <summary>
/// One client's limits: a token bucket refilled continuously (computed from the time of the last take, so
/// no timer runs per client) and a count of calls in flight.
/// </summary>
internal sealed class ClientBucket(TierLimits limits, long now, long ticksPerSecond)
{
    private readonly Lock _lock = new();
    private readonly double _perTick = limits.RequestsPerMinute / 60.0 / ticksPerSecond;
    private double _tokens = limits.Burst;
    private long _updated = now;
    private int _inFlight;

    public TierLimits Limits { get; } = limits;

    /// <summary>Ticks of the last take: lets idle, full buckets be dropped.</summary>
    public long LastUsed => Volatile.Read(ref _updated);

    public bool IsIdle(long now) => Volatile.Read(ref _inFlight) == 0 && Refilled(now) >= Limits.Burst;

    public RateLimitLease Take(long now, string tier)
    {
        if (Interlocked.Increment(ref _inFlight) > Limits.Concurrency)
        {
            Interlocked.Decrement(ref _inFlight);
            lock (_lock)
                return Rejected(tier, RateLimitLease.ConcurrencyLimit, Refill(now), retryAfterSeconds: 1);
        }

        lock (_lock)
        {
            var tokens = Refill(now);
            if (tokens >= 1)
            {
                _tokens = tokens - 1;
                return new RateLimitLease(this, tier, refusedBy: null, Limits.RequestsPerMinute, (int)_tokens, SecondsUntil(Limits.Burst - _tokens), 0);
            }
            Interlocked.Decrement(ref _inFlight);
            return Rejected(tier, RateLimitLease.RateLimit, tokens, SecondsUntil(1 - tokens));
        }
    }

    public void Release() => Interlocked.Decrement(ref _inFlight);

    /// <summary>One token without a concurrency slot (a message of a call that holds one): null if taken, else seconds until one is there.</summary>
    public int? TakeToken(long now)
    {
        lock (_lock)
        {
            var tokens = Refill(now);
            if (tokens >= 1)
            {
                _tokens = tokens - 1;
                return null;
            }
            return Math.Max(1, SecondsUntil(1 - tokens));
        }
    }

    private RateLimitLease Rejected(string tier, string refusedBy, double tokens, int retryAfterSeconds) =>
        new(null, tier, refusedBy, Limits.RequestsPerMinute, (int)tokens, SecondsUntil(Limits.Burst - tokens), Math.Max(1, retryAfterSeconds));

    private double Refill(long now)
    {
        _tokens = Refilled(now);
        _updated = Math.Max(_updated, now);
        return _tokens;
    }

    private double Refilled(long now) => Math.Min(Limits.Burst, _tokens + (Math.Max(0, now - _updated) * _perTick));

    /// <summary>Whole seconds until <paramref name="tokens"/> more tokens have been added.</summary>
    private int SecondsUntil(double tokens) =>
        tokens <= 0 ? 0 : (int)Math.Ceiling(tokens / (_perTick * ticksPerSecond));
}
