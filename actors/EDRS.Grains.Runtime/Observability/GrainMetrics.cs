using System.Diagnostics.Metrics;

namespace EDRS.Grains.Runtime;

/// <summary>Instruments of the grain runtime (meter <c>EDRS.Grains</c>), tagged by kind.</summary>
public static class GrainMetrics
{
    public const string MeterName = "EDRS.Grains";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Grains recovered from the journal (first call of an activation).</summary>
    public static readonly Counter<long> Activations =
        Meter.CreateCounter<long>("edrs.grain.activations", "{activation}", "Grain activations recovered from the journal");

    /// <summary>Grain calls, by kind, method and outcome status.</summary>
    public static readonly Histogram<double> CallDuration =
        Meter.CreateHistogram<double>("edrs.grain.call.duration", "ms", "Time a grain spent on one call");
}
