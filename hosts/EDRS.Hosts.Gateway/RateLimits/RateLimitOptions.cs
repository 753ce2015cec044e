namespace EDRS.Hosts.Gateway.RateLimits;

/// <summary>
/// Per-client rate limits by tier (section <c>RateLimits</c>; e.g. <c>RateLimits__Tiers__standard__Burst</c>).
/// A token names its tier; a tier the gateway does not know counts as <see cref="DefaultTier"/>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>The tier of tokens without a (known) tier claim. Default <c>standard</c>.</summary>
    public string DefaultTier { get; set; } = "standard";

    /// <summary>
    /// Tiers by name. Defaults: <c>standard</c> 60/min burst 10, 5 concurrent; <c>professional</c> 300/min burst 30,
    /// 15 concurrent; <c>enterprise</c> 1,200/min burst 100, 50 concurrent. More tiers can be added by configuration.
    /// </summary>
    public Dictionary<string, TierLimits> Tiers { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["standard"] = new() { RequestsPerMinute = 60, Burst = 10, Concurrency = 5 },
        ["professional"] = new() { RequestsPerMinute = 300, Burst = 30, Concurrency = 15 },
        ["enterprise"] = new() { RequestsPerMinute = 1_200, Burst = 100, Concurrency = 50 },
    };

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Tiers.ContainsKey(DefaultTier))
            problems.Add($"RateLimits:DefaultTier '{DefaultTier}' is not a configured tier: set RateLimits__DefaultTier to one of {string.Join(", ", Tiers.Keys)}.");
        foreach (var (name, tier) in Tiers)
        {
            if (tier.RequestsPerMinute < 1)
                problems.Add($"RateLimits:Tiers:{name}:RequestsPerMinute must be at least 1 (was {tier.RequestsPerMinute}): set RateLimits__Tiers__{name}__RequestsPerMinute.");
            if (tier.Burst < 1)
                problems.Add($"RateLimits:Tiers:{name}:Burst must be at least 1 (was {tier.Burst}): set RateLimits__Tiers__{name}__Burst.");
            if (tier.Concurrency < 1)
                problems.Add($"RateLimits:Tiers:{name}:Concurrency must be at least 1 (was {tier.Concurrency}): set RateLimits__Tiers__{name}__Concurrency.");
        }
        return problems;
    }
}
