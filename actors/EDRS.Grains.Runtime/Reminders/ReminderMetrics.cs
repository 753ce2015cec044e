using System.Diagnostics.Metrics;

namespace EDRS.Grains.Runtime;

/// <summary>Instruments of the durable timers (meter <c>EDRS.Reminders</c>), tagged by grain kind.</summary>
public static class ReminderMetrics
{
    public const string MeterName = "EDRS.Reminders";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>How late a grain was woken: the wake-up's acknowledgement minus the reminder's due time.</summary>
    public static readonly Histogram<double> Lateness =
        Meter.CreateHistogram<double>("edrs.reminders.lateness", "ms", "Time from a reminder's due time to the grain acknowledging its wake-up");

    /// <summary>Wake-ups that failed and will be tried again.</summary>
    public static readonly Counter<long> Failures =
        Meter.CreateCounter<long>("edrs.reminders.failures", "{wake-up}", "Reminder wake-ups that failed and will be retried");
}
