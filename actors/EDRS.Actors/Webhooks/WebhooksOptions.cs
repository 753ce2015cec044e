namespace EDRS.Actors.Webhooks;

/// <summary>How webhooks are delivered (section <c>Webhooks</c>; environment variables <c>Webhooks__...</c>).</summary>
public sealed class WebhooksOptions
{
    public const string Section = "Webhooks";

    /// <summary>Whether this process takes a share of the deliveries (every process with the journal may). Default true.</summary>
    public bool Deliver { get; set; } = true;

    /// <summary>Attempts of one delivery, the first included, before it is dead-lettered. Default 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait before the second attempt; each later wait is <see cref="Multiplier"/> times longer. Default 5 s.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between attempts. Default 1 h.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Growth of the wait per attempt. Default 2.</summary>
    public double Multiplier { get; set; } = 2;

    /// <summary>
    /// Share of each wait that is random (0: none; 0.5, the default: the wait is between half and all of the exponential
    /// delay), so receivers that were down are not hit by every retry at the same instant.
    /// </summary>
    public double Jitter { get; set; } = 0.5;

    /// <summary>Deadline of one attempt (connect, send, the receiver's answer). Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a delivering process looks for due deliveries. Default 200 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Deliveries one poll claims. Default 64.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Attempts in flight per process. Default 16.</summary>
    public int Concurrency { get; set; } = 16;

    /// <summary>
    /// How long a claimed delivery belongs to the process that claimed it; if that process dies mid-attempt, another claims
    /// it after this. Longer than <see cref="Timeout"/>. Default 60 s.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Subscriptions one tenant may have. Default 100.</summary>
    public int MaxSubscriptionsPerTenant { get; set; } = 100;

    /// <summary>
    /// The wait after failed attempt <paramref name="attempt"/> (1-based): <see cref="InitialDelay"/> ×
    /// <see cref="Multiplier"/>^(attempt − 1), at most <see cref="MaxDelay"/>, less a random share of at most
    /// <see cref="Jitter"/>; <paramref name="random"/> is in [0, 1).
    /// </summary>
    public TimeSpan DelayAfter(int attempt, double random)
    {
        var exponential = InitialDelay.TotalMilliseconds * Math.Pow(Multiplier, Math.Max(0, attempt - 1));
        var capped = Math.Min(MaxDelay.TotalMilliseconds, exponential);
        return TimeSpan.FromMilliseconds(capped * (1 - Jitter * random));
    }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxAttempts is < 1 or > 100)
            problems.Add($"Webhooks:MaxAttempts must be 1..100 (was {MaxAttempts}): set Webhooks__MaxAttempts.");
        if (InitialDelay < TimeSpan.FromMilliseconds(10) || InitialDelay > TimeSpan.FromHours(1))
            problems.Add($"Webhooks:InitialDelay must be 10 ms..1 h (was {InitialDelay}): set Webhooks__InitialDelay.");
        if (MaxDelay < InitialDelay || MaxDelay > TimeSpan.FromDays(1))
            problems.Add($"Webhooks:MaxDelay must be InitialDelay..1 day (was {MaxDelay}): set Webhooks__MaxDelay.");
        if (Multiplier is < 1 or > 10)
            problems.Add($"Webhooks:Multiplier must be 1..10 (was {Multiplier}): set Webhooks__Multiplier.");
        if (Jitter is < 0 or > 1)
            problems.Add($"Webhooks:Jitter must be 0..1 (was {Jitter}): set Webhooks__Jitter.");
        if (Timeout < TimeSpan.FromMilliseconds(100) || Timeout > TimeSpan.FromMinutes(5))
            problems.Add($"Webhooks:Timeout must be 100 ms..5 min (was {Timeout}): set Webhooks__Timeout.");
        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromMinutes(1))
            problems.Add($"Webhooks:PollInterval must be 10 ms..1 min (was {PollInterval}): set Webhooks__PollInterval.");
        if (BatchSize is < 1 or > 10_000)
            problems.Add($"Webhooks:BatchSize must be 1..10000 (was {BatchSize}): set Webhooks__BatchSize.");
        if (Concurrency is < 1 or > 1_024)
            problems.Add($"Webhooks:Concurrency must be 1..1024 (was {Concurrency}): set Webhooks__Concurrency.");
        if (ClaimLease <= Timeout || ClaimLease > TimeSpan.FromHours(1))
            problems.Add($"Webhooks:ClaimLease must be longer than Timeout and at most 1 h (was {ClaimLease}): set Webhooks__ClaimLease.");
        if (MaxSubscriptionsPerTenant is < 1 or > 10_000)
            problems.Add($"Webhooks:MaxSubscriptionsPerTenant must be 1..10000 (was {MaxSubscriptionsPerTenant}): set Webhooks__MaxSubscriptionsPerTenant.");
        return problems;
    }
}
