namespace EDRS.Persistence.Outbox;

/// <summary>Settings of the outbox drainers (section <c>Outbox</c>; environment variables <c>Outbox__...</c>).</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How often an idle drainer looks for new rows. Default 100 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Rows a drainer reads at a time. Default 256.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Wait after a failed publish before trying the same message again. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Unpublished rows the outbox keeps at most. With publishing off nothing drains it (and with Pulsar unreachable for long
    /// the drainers fall behind): past this the oldest rows are dropped, counted in <c>edrs.outbox.dropped</c> and logged, so
    /// the database does not grow without end. Commands never fail because of it: the events themselves stay in the journal.
    /// Default 100,000.
    /// </summary>
    public int MaxBacklog { get; set; } = 100_000;

    /// <summary>How often each process checks the backlog against <see cref="MaxBacklog"/>. Default 30 s.</summary>
    public TimeSpan BacklogCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (PollInterval < TimeSpan.FromMilliseconds(1) || PollInterval > TimeSpan.FromMinutes(1))
            problems.Add($"Outbox:PollInterval must be 1 ms..1 min (was {PollInterval}): set Outbox__PollInterval.");
        if (BatchSize is < 1 or > 10_000)
            problems.Add($"Outbox:BatchSize must be 1..10000 (was {BatchSize}): set Outbox__BatchSize.");
        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(5))
            problems.Add($"Outbox:RetryDelay must be 0..5 min (was {RetryDelay}): set Outbox__RetryDelay.");
        if (MaxBacklog is < 1 or > 100_000_000)
            problems.Add($"Outbox:MaxBacklog must be 1..100000000 (was {MaxBacklog}): set Outbox__MaxBacklog.");
        if (BacklogCheckInterval < TimeSpan.FromMilliseconds(100) || BacklogCheckInterval > TimeSpan.FromHours(1))
            problems.Add($"Outbox:BacklogCheckInterval must be 100 ms..1 h (was {BacklogCheckInterval}): set Outbox__BacklogCheckInterval.");
        return problems;
    }
}
