using EDRS.Persistence.Reminders;

namespace EDRS.Grains.Runtime;

/// <summary>
/// A grain's durable timers: <see cref="ScheduleAsync"/> registers (or moves) a named reminder in the reminder table,
/// which every member polls; when it is due, a member wakes the grain through the kind's <see cref="IReminderTarget"/>,
/// wherever the grain lives by then. Register a reminder before journaling what depends on it: a reminder without its
/// event is only an early wake-up, an event without its reminder would be a timer lost. Better still, let the change ride
/// the append itself (<see cref="EDRS.Persistence.Journal.AppendRequest.Reminder"/>, planned with <see cref="GrainReminder"/>):
/// both commit in one statement, and the reminder costs no transaction of its own.
/// </summary>
public sealed class GrainReminders(ReminderStore store)
{
    public Task ScheduleAsync(GrainIdentity grain, string reminder, DateTimeOffset dueAt, CancellationToken cancellationToken = default) =>
        store.ScheduleAsync(grain.Kind, grain.ClusterIdentity, reminder, dueAt, cancellationToken);

    public Task CancelAsync(GrainIdentity grain, string reminder, CancellationToken cancellationToken = default) =>
        store.CancelAsync(grain.Kind, grain.ClusterIdentity, reminder, cancellationToken);

    /// <summary>When the reminder is due, or null if none is registered.</summary>
    public Task<DateTimeOffset?> FindAsync(GrainIdentity grain, string reminder, CancellationToken cancellationToken = default) =>
        store.FindAsync(grain.Kind, grain.ClusterIdentity, reminder, cancellationToken);
}
