using System.Diagnostics.Metrics;
using EDRS.Persistence.Journal;

namespace EDRS.Persistence.Outbox;

/// <summary>Instruments of the outbox, on the journal's meter (<c>EDRS.Journal</c>), which every process exports.</summary>
public static class OutboxMetrics
{
    private static readonly Meter Meter = new(JournalMetrics.MeterName);

    /// <summary>Unpublished rows dropped because the backlog passed <see cref="OutboxOptions.MaxBacklog"/>.</summary>
    public static readonly Counter<long> Dropped =
        Meter.CreateCounter<long>("edrs.outbox.dropped", "{message}", "Outbox rows dropped unpublished: the backlog passed Outbox:MaxBacklog");
}
