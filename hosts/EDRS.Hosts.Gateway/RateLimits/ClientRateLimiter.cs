using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace EDRS.Hosts.Gateway.RateLimits;

/// <summary>
/// Token buckets per client and tier, in this gateway's memory: limits hold per gateway replica (the
/// tier's rate times the replicas, cluster-wide), which keeps the check off the network on every request.
/// </summary>
public sealed class ClientRateLimiter(IOptions<RateLimitOptions> options, TimeProvider time)
{
    /// <summary>Above this many tracked clients, buckets that are full and idle are dropped (they would start full anyway).</summary>
    private const int SweepThreshold = 10_000;

    private readonly ConcurrentDictionary<(string Client, string Tier), ClientBucket> _buckets = new();

    /// <summary>Takes one request from <paramref name="client"/>'s bucket for <paramref name="tier"/> (unknown or null: the default tier).</summary>
    public RateLimitLease Acquire(string client, string? tier)
    {
        var settings = options.Value;
        var tierName = tier is not null && settings.Tiers.ContainsKey(tier) ? tier : settings.DefaultTier;
        var now = time.GetTimestamp();
        if (!_buckets.TryGetValue((client, tierName), out var bucket))
        {
            if (_buckets.Count >= SweepThreshold)
                Sweep(now);
            bucket = _buckets.GetOrAdd((client, tierName), static (_, state) => new ClientBucket(state.Limits, state.Now, state.Frequency),
                (Limits: settings.Tiers[tierName], Now: now, Frequency: time.TimestampFrequency));
        }
        return bucket.Take(now, tierName);
    }

    private void Sweep(long now)
    {
        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.IsIdle(now))
                _buckets.TryRemove(key, out _);
        }
    }
}
