using System.Diagnostics.Metrics;
using EDRS.Persistence.Journal;

namespace EDRS.Benchmarks.Measurement;

/// <summary>Sums the journal's <c>edrs.journal.batch.size</c> histogram (appends per group commit).</summary>
internal sealed class BatchSizeListener : IDisposable
{
    private const string InstrumentName = "edrs.journal.batch.size";
    private readonly MeterListener _listener = new();
    private long _appends;
    private long _batches;

    public BatchSizeListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == JournalMetrics.MeterName && instrument.Name == InstrumentName)
                listener.EnableMeasurementEvents(instrument, this);
        };
        _listener.SetMeasurementEventCallback<int>(static (_, value, _, state) =>
        {
            var self = (BatchSizeListener)state!;
            Interlocked.Add(ref self._appends, value);
            Interlocked.Increment(ref self._batches);
        });
        _listener.Start();
    }

    /// <summary>Appends and batches recorded so far.</summary>
    public (long Appends, long Batches) Read() => (Interlocked.Read(ref _appends), Interlocked.Read(ref _batches));

    /// <summary>Average appends per batch between two readings (null: no batch was committed).</summary>
    public static double? Average((long Appends, long Batches) from, (long Appends, long Batches) to)
    {
        var batches = to.Batches - from.Batches;
        return batches == 0 ? null : (double)(to.Appends - from.Appends) / batches;
    }

    /// <summary>Batches committed between two readings.</summary>
    public static long Commits((long Appends, long Batches) from, (long Appends, long Batches) to) => to.Batches - from.Batches;

    public void Dispose() => _listener.Dispose();
}
