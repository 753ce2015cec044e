using System.Diagnostics.Metrics;

namespace EDRS.Persistence.Journal;

/// <summary>Instruments of the journal (meter <c>EDRS.Journal</c>).</summary>
public static class JournalMetrics
{
    public const string MeterName = "EDRS.Journal";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Milliseconds from an append's arrival at the writer to its commit.</summary>
    public static readonly Histogram<double> AppendDuration =
        Meter.CreateHistogram<double>("edrs.journal.append.duration", "ms", "Append latency, queueing included");

    /// <summary>Appends committed together in one statement.</summary>
    public static readonly Histogram<int> BatchSize =
        Meter.CreateHistogram<int>("edrs.journal.batch.size", "{append}", "Appends per group commit");

    /// <summary>Appends rejected because another writer moved the stream.</summary>
    public static readonly Counter<long> Conflicts =
        Meter.CreateCounter<long>("edrs.journal.conflicts", "{append}", "Appends that lost on expected version");

    /// <summary>Group commits that failed as a whole (database unreachable, unknown outcome).</summary>
    public static readonly Counter<long> FailedBatches =
        Meter.CreateCounter<long>("edrs.journal.failed_batches", "{batch}", "Group commits that failed");
}
