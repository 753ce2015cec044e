namespace EDRS.Actors.Inbound;

/// <summary>Settings of event ingestion and routing (section <c>Events</c>; environment variables <c>Events__...</c>).</summary>
public sealed class EventsOptions
{
    public const string Section = "Events";

    /// <summary>
    /// Router partitions per tenant: an event goes to partition hash(event_id) mod this. Every member and gateway
    /// must use the same value (it decides where an event id is deduplicated). Default 8.
    /// </summary>
    public int RouterPartitions { get; set; } = 8;

    /// <summary>Events a router partition takes in one call (one group of journal appends). Default 256.</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>
    /// A repeated event id within this time of its routing decision re-delivers the work to the persona it was
    /// routed to (the persona skips what it already holds); this heals a lost acknowledgement. Default 10 minutes.
    /// </summary>
    public TimeSpan RedeliveryWindow { get; set; } = TimeSpan.FromMinutes(10);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (RouterPartitions is < 1 or > 1024)
            problems.Add($"Events:RouterPartitions must be 1..1024 (was {RouterPartitions}): set Events__RouterPartitions.");
        if (MaxBatch is < 1 or > EventLimits.MaxBatch)
            problems.Add($"Events:MaxBatch must be 1..{EventLimits.MaxBatch} (was {MaxBatch}): set Events__MaxBatch.");
        if (RedeliveryWindow < TimeSpan.Zero)
            problems.Add($"Events:RedeliveryWindow must not be negative (was {RedeliveryWindow}): set Events__RedeliveryWindow.");
        return problems;
    }
}
