namespace EDRS.Hosts.Gateway.RateLimits;

/// <summary>
/// The outcome of one request against its client's limits, and what the rate-limit headers report. Disposing an
/// acquired lease ends the call's slot in the concurrency limit.
/// </summary>
public sealed class RateLimitLease : IDisposable
{
    /// <summary><see cref="RefusedBy"/> when the bucket was empty.</summary>
    public const string RateLimit = "rate";

    /// <summary><see cref="RefusedBy"/> when the client had its tier's number of calls in flight.</summary>
    public const string ConcurrencyLimit = "concurrency";

    private ClientBucket? _bucket;

    internal RateLimitLease(ClientBucket? bucket, string tier, string? refusedBy, int limit, int remaining, int resetSeconds, int retryAfterSeconds)
    {
        _bucket = bucket;
        Tier = tier;
        RefusedBy = refusedBy;
        Limit = limit;
        Remaining = remaining;
        ResetSeconds = resetSeconds;
        RetryAfterSeconds = retryAfterSeconds;
    }

    public bool Acquired => RefusedBy is null;

    /// <summary>The tier the request was counted against.</summary>
    public string Tier { get; }

    /// <summary>Which limit refused the request (<see cref="RateLimit"/> or <see cref="ConcurrencyLimit"/>); null if it passed.</summary>
    public string? RefusedBy { get; }

    /// <summary>Requests per minute of the client's tier (<c>X-RateLimit-Limit</c>).</summary>
    public int Limit { get; }

    /// <summary>Requests that may follow at once (<c>X-RateLimit-Remaining</c>).</summary>
    public int Remaining { get; }

    /// <summary>Seconds until the bucket is full again (<c>X-RateLimit-Reset</c>).</summary>
    public int ResetSeconds { get; }

    /// <summary>When refused: seconds until a request can succeed (<c>Retry-After</c>).</summary>
    public int RetryAfterSeconds { get; }

    public void Dispose() => Interlocked.Exchange(ref _bucket, null)?.Release();
}
