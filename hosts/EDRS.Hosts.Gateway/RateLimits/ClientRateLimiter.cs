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
        var now = time.GetTimestamp();
        var (bucket, tierName) = Bucket(client, tier, now);
        return bucket.Take(now, tierName);
    }

    /// <summary>
    /// Takes one request from the bucket for a message of a call already counted and in flight (an event of a stream): a
    /// token, no concurrency slot. Null when taken; otherwise the seconds until one will be there.
    /// </summary>
    public int? TakeToken(string client, string? tier)
    {
        var now = time.GetTimestamp();
        return Bucket(client, tier, now).Bucket.TakeToken(now);
    }

    private (ClientBucket Bucket, string Tier) Bucket(string client, string? tier, long now)
    {
        var settings = options.Value;
        var tierName = tier is not null && settings.Tiers.ContainsKey(tier) ? tier : settings.DefaultTier;
        if (!_buckets.TryGetValue((client, tierName), out var bucket))
        {
            if (_buckets.Count >= SweepThreshold)
                Sweep(now);
            bucket = _buckets.GetOrAdd((client, tierName), static (_, state) => new ClientBucket(state.Limits, state.Now, state.Frequency),
                (Limits: settings.Tiers[tierName], Now: now, Frequency: time.TimestampFrequency));
        }
        return (bucket, tierName);
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
