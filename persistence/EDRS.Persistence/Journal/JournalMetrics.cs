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

    /// <summary>
    /// Appends refused (<see cref="JournalRejectedException"/>: not written, refused again as they are), tagged
    /// <c>sql_state</c> and <c>stage</c>: <c>before_write</c> (the codec's text checks) or <c>database</c> (isolated
    /// from a group commit the database refused). Exported as <c>edrs_journal_rejected_appends_total</c>.
    /// </summary>
    public static readonly Counter<long> RejectedAppends =
        Meter.CreateCounter<long>("edrs.journal.rejected_appends", "{append}", "Appends the journal refused, never written as they are");

    /// <summary>
    /// Group commits the database refused for their data that the writer split to isolate the refused appends
    /// (<c>edrs_journal_isolations_total</c>). Any at all means some data got past the codec's checks.
    /// </summary>
    public static readonly Counter<long> Isolations =
        Meter.CreateCounter<long>("edrs.journal.isolations", "{batch}", "Refused group commits split to isolate the refused appends");

    /// <summary>The <c>stage</c> tag of <see cref="RejectedAppends"/> for refusals found before writing.</summary>
    internal const string BeforeWrite = "before_write";

    /// <summary>The <c>stage</c> tag of <see cref="RejectedAppends"/> for refusals by the database.</summary>
    internal const string ByDatabase = "database";

    internal static void CountRejected(string sqlState, string stage) =>
        RejectedAppends.Add(1, new KeyValuePair<string, object?>("sql_state", sqlState), new KeyValuePair<string, object?>("stage", stage));
}
