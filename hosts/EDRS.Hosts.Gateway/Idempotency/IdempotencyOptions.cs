namespace EDRS.Hosts.Gateway.Idempotency;

/// <summary>How long Idempotency-Keys stay bound to their requests (section <c>Idempotency</c>; environment variables <c>Idempotency__...</c>).</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>
    /// A key names one request for this long after its first use; within it, the same key with another request is refused
    /// (422), after it the key is free again. Default 24 hours.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the gateway deletes expired keys. Default 10 minutes.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Retention < TimeSpan.FromMinutes(1) || Retention > TimeSpan.FromDays(30))
            problems.Add($"Idempotency:Retention must be 1 minute..30 days (was {Retention}): set Idempotency__Retention.");
        if (SweepInterval < TimeSpan.FromSeconds(1) || SweepInterval > TimeSpan.FromDays(1))
            problems.Add($"Idempotency:SweepInterval must be 1 second..1 day (was {SweepInterval}): set Idempotency__SweepInterval.");
        return problems;
    }
}
