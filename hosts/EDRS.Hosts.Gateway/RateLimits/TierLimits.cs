namespace EDRS.Hosts.Gateway.RateLimits;

/// <summary>The limits of one client tier: a token bucket and a cap on calls in flight.</summary>
public sealed class TierLimits
{
    /// <summary>Sustained rate: the bucket refills at this many requests per minute.</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>Bucket size: how many requests may arrive at once after a quiet spell.</summary>
    public int Burst { get; set; }

    /// <summary>Calls of one client in flight at the same time.</summary>
    public int Concurrency { get; set; }
}
