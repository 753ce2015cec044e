using EDRS.Persistence.Reminders;

namespace EDRS.Grains.Runtime;

/// <summary>
/// One named reminder of one grain activation, written only when it changes: the activation remembers what it last wrote,
/// so moving the reminder to where it already is costs no statement. A change is written on its own
/// (<see cref="MoveToAsync"/>, <see cref="DueWithinAsync"/>) or planned to commit with the grain's next journal append
/// (<see cref="Toward"/>, <see cref="Within"/>, then <see cref="Written"/> once the append committed). What it remembers is
/// dropped after a failed write (which may or may not have happened) and by <see cref="Forget"/>.
/// </summary>
/// <remarks>
/// When the reminder woke the grain (<see cref="Woken"/>), its row is claimed by the member that woke it: the claim's lease
/// protects the wake-up as a reminder due now would (a member that dies mid-call leaves the claim to run out, and the
/// grain is woken again), and the reminder service removes the row once the wake-up returns unless it was written again
/// meanwhile. So until <see cref="WakeReturned"/>, a reminder due soon needs no write, and neither does its removal.
/// </remarks>
public sealed class GrainReminder(GrainReminders reminders, GrainIdentity grain, string name)
{
    private bool _known;
    private DateTimeOffset? _dueAt;
    private bool _woken;

    /// <summary>Registers the reminder at <paramref name="dueAt"/>, or removes it when null, in a statement of its own.</summary>
    public async Task MoveToAsync(DateTimeOffset? dueAt)
    {
        if (Toward(dueAt) is { } write)
            await WriteAsync(write).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes sure the reminder comes due after <paramref name="now"/> and no later than <paramref name="within"/> from it:
    /// one written earlier that still does is kept as it is; otherwise it moves to <paramref name="now"/> + <paramref name="within"/>.
    /// </summary>
    public async Task DueWithinAsync(DateTimeOffset now, TimeSpan within)
    {
        if (Within(now, within) is { } write)
            await WriteAsync(write).ConfigureAwait(false);
    }

    /// <summary>The write that brings the reminder to <paramref name="dueAt"/> (null: removed), or null when it is there already.</summary>
    public ReminderWrite? Toward(DateTimeOffset? dueAt) =>
        _known && _dueAt == dueAt ? null : new ReminderWrite(grain.Kind, grain.ClusterIdentity, name, dueAt);

    /// <summary>The write <see cref="DueWithinAsync"/> would make, or null when none is needed.</summary>
    public ReminderWrite? Within(DateTimeOffset now, TimeSpan within) =>
        _woken || (_known && _dueAt is { } at && at > now && at <= now + within) ? null : Toward(now + within);

    /// <summary><paramref name="write"/> committed (with a journal append, or on its own).</summary>
    public void Written(ReminderWrite write)
    {
        (_known, _dueAt) = (true, write.DueAt);
        // Written again: the claimed row now holds the new registration, which the end of the wake-up leaves alone.
        _woken = false;
    }

    /// <summary>Forgets what was written: the next change writes whatever it is.</summary>
    public void Forget() => (_known, _woken) = (false, false);

    /// <summary>The reminder woke the grain: its claimed row protects this call and goes when it returns, unless written again.</summary>
    public void Woken() => (_known, _dueAt, _woken) = (true, null, true);

    /// <summary>The wake-up call returned: from now on the reminder is what this activation last wrote, or none.</summary>
    public void WakeReturned() => _woken = false;

    private async Task WriteAsync(ReminderWrite write)
    {
        _known = false;
        if (write.DueAt is { } at)
            await reminders.ScheduleAsync(grain, name, at).ConfigureAwait(false);
        else
            await reminders.CancelAsync(grain, name).ConfigureAwait(false);
        Written(write);
    }
}
