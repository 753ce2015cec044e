using System.Diagnostics.Metrics;
using EDRS.Grains.Runtime;

namespace EDRS.Testing.Cluster;

/// <summary>
/// Counts grain activations (recoveries from the journal) while it lives, from the runtime's own
/// <c>edrs.grain.activations</c> counter: proof that a call re-activated its grain. The meter is process-wide, so a test
/// that counts runs alone (its project runs test classes one at a time).
/// </summary>
public sealed class GrainActivations : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string? _kind;
    private long _count;

    /// <param name="kind">Count only activations of this kind (null: every kind).</param>
    public GrainActivations(string? kind = null)
    {
        _kind = kind;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GrainMetrics.MeterName && instrument.Name == "edrs.grain.activations")
                listener.EnableMeasurementEvents(instrument, this);
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((GrainActivations)state!).Record(value, tags));
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();

    private void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_kind is null)
        {
            Interlocked.Add(ref _count, value);
            return;
        }
        foreach (var tag in tags)
        {
            if (tag.Key == "kind" && (string?)tag.Value == _kind)
                Interlocked.Add(ref _count, value);
        }
    }
}
