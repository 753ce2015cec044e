using System.Diagnostics.Metrics;
using EDRS.Grains.Runtime;

namespace EDRS.Benchmarks.Recovery;

/// <summary>Counts grain activations (the runtime's <c>edrs.grain.activations</c> counter), to prove a measured call re-activated its grain.</summary>
internal sealed class ActivationCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public ActivationCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GrainMetrics.MeterName && instrument.Name == "edrs.grain.activations")
                listener.EnableMeasurementEvents(instrument, this);
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, _, state) => Interlocked.Add(ref ((ActivationCounter)state!)._count, value));
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
