using System.Diagnostics.Metrics;

namespace EDRS.Hosting.Pulsar;

/// <summary>The bridge's meters (exported with the service defaults' Prometheus endpoint).</summary>
public static class PulsarBridgeMetrics
{
    public const string MeterName = "EDRS.PulsarBridge";
    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Ingested = Meter.CreateCounter<long>("edrs_pulsar_bridge_ingested_total", description: "Messages ingested as events and acknowledged (duplicates included)");

    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("edrs_pulsar_bridge_dead_lettered_total", description: "Messages that could not become events, sent to the dead-letter topic");

    public static readonly Counter<long> Retried = Meter.CreateCounter<long>("edrs_pulsar_bridge_retried_total", description: "Messages whose ingestion failed and that were asked for again");
}
