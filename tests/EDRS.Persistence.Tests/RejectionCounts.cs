using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EDRS.Persistence.Journal;

namespace EDRS.Persistence.Tests;

/// <summary>Counts <c>edrs.journal.rejected_appends</c> measurements by SQL state and stage while it lives.</summary>
public sealed class RejectionCounts : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string SqlState, string Stage), long> _counts = new();

    public RejectionCounts()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == JournalMetrics.MeterName && instrument.Name == "edrs.journal.rejected_appends")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? sqlState = null, stage = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "sql_state")
                    sqlState = tag.Value as string;
                else if (tag.Key == "stage")
                    stage = tag.Value as string;
            }
            _counts.AddOrUpdate((sqlState ?? "", stage ?? ""), value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    public long Of(string sqlState, string stage) => _counts.GetValueOrDefault((sqlState, stage));

    public void Dispose() => _listener.Dispose();
}
