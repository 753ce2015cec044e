namespace EDRS.Persistence.Reminders;

/// <summary>Settings of the durable timers (section <c>Reminders</c>; environment variables <c>Reminders__...</c>).</summary>
public sealed class RemindersOptions
{
    public const string Section = "Reminders";

    /// <summary>
    /// How often each member looks for due reminders. Default 100 ms: with the wake-up itself, a reminder fires a few
    /// hundred milliseconds after its due time at worst, while an idle poll costs the database one indexed query.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Most reminders one poll claims. Default 256.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Wake-ups in flight per member. Default 64.</summary>
    public int Concurrency { get; set; } = 64;

    /// <summary>
    /// How long a claimed reminder belongs to the member that claimed it; if that member dies before the wake-up is
    /// done, another member claims it after this. Default 30 s.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait before a failed wake-up is tried again (doubled per failure, at most <see cref="ClaimLease"/>). Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deadline of one wake-up call. Default 10 s.</summary>
    public TimeSpan WakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromMinutes(1))
            problems.Add($"Reminders:PollInterval must be 10 ms..1 min (was {PollInterval}): set Reminders__PollInterval.");
        if (BatchSize is < 1 or > 10_000)
            problems.Add($"Reminders:BatchSize must be 1..10000 (was {BatchSize}): set Reminders__BatchSize.");
        if (Concurrency is < 1 or > 1_024)
            problems.Add($"Reminders:Concurrency must be 1..1024 (was {Concurrency}): set Reminders__Concurrency.");
        if (ClaimLease < TimeSpan.FromSeconds(1) || ClaimLease > TimeSpan.FromHours(1))
            problems.Add($"Reminders:ClaimLease must be 1 s..1 h (was {ClaimLease}): set Reminders__ClaimLease.");
        if (RetryDelay < TimeSpan.FromMilliseconds(10) || RetryDelay > ClaimLease)
            problems.Add($"Reminders:RetryDelay must be 10 ms..ClaimLease (was {RetryDelay}): set Reminders__RetryDelay.");
        if (WakeTimeout < TimeSpan.FromMilliseconds(100) || WakeTimeout >= ClaimLease)
            problems.Add($"Reminders:WakeTimeout must be at least 100 ms and shorter than ClaimLease (was {WakeTimeout}): set Reminders__WakeTimeout.");
        return problems;
    }
}
