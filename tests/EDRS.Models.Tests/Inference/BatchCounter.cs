using System.Diagnostics.Metrics;
using EDRS.Actors.Inference;
using EDRS.Models.Inference;

namespace EDRS.Models.Tests.Inference;

/// <summary>Counts the model batches one inference grain ran, from the process's <c>edrs.inference.batches</c> metric.</summary>
public sealed class BatchCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _grain;
    private long _batches;

    public BatchCounter(string grainIdentity)
    {
        _grain = grainIdentity;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == InferenceMetrics.MeterName && instrument.Name == "edrs.inference.batches")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "grain" && (string?)tag.Value == _grain)
                    Interlocked.Add(ref _batches, value);
            }
        });
        _listener.Start();
    }

    public long Batches => Interlocked.Read(ref _batches);

    public void Dispose() => _listener.Dispose();
}
