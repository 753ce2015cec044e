namespace EDRS.Actors.Workflows.Definitions;

/// <summary>
/// How a failed attempt of a step is tried again: at most <see cref="MaxAttempts"/> attempts in all, the n-th retry after
/// <c>min(MaxDelayMs, InitialDelayMs × Multiplier^(n-1))</c>, with full jitter (a uniform share of that) unless
/// <see cref="Jitter"/> is <c>none</c> — Polly's exponential backoff, kept in the journal so a restart keeps the plan.
/// </summary>
public sealed record RetryPolicy
{
    public static readonly RetryPolicy Default = new();

    public int MaxAttempts { get; init; } = 3;

    public int InitialDelayMs { get; init; } = 1_000;

    public int MaxDelayMs { get; init; } = 60_000;

    public double Multiplier { get; init; } = 2;

    /// <summary><c>full</c> (the default) or <c>none</c>.</summary>
    public string Jitter { get; init; } = "full";

    /// <summary>The delay before the attempt after <paramref name="failedAttempt"/>; <paramref name="jitter"/> is a uniform draw from [0, 1).</summary>
    public TimeSpan DelayAfter(int failedAttempt, double jitter)
    {
        var ceiling = Math.Min(MaxDelayMs, InitialDelayMs * Math.Pow(Multiplier, Math.Max(0, failedAttempt - 1)));
        return TimeSpan.FromMilliseconds(Jitter == "none" ? ceiling : ceiling * Math.Clamp(jitter, 0, 1));
    }
}
