namespace EDRS.Grains.Runtime;

/// <summary>
/// One named reminder of one grain activation, written only when it changes: the activation remembers what it last wrote,
/// so moving the reminder to where it already is costs no statement. What it remembers is dropped after a failed write
/// (which may or may not have happened) and by <see cref="Forget"/>: when the reminder woke the grain, the reminder service
/// removes its row once the wake-up returns, unless it was written again meanwhile.
/// </summary>
public sealed class GrainReminder(GrainReminders reminders, GrainIdentity grain, string name)
{
    private bool _known;
    private DateTimeOffset? _dueAt;

    /// <summary>Registers the reminder at <paramref name="dueAt"/>, or removes it when null.</summary>
    public async Task MoveToAsync(DateTimeOffset? dueAt)
    {
        if (_known && _dueAt == dueAt)
            return;
        _known = false;
        if (dueAt is { } at)
            await reminders.ScheduleAsync(grain, name, at).ConfigureAwait(false);
        else
            await reminders.CancelAsync(grain, name).ConfigureAwait(false);
        (_known, _dueAt) = (true, dueAt);
    }

    /// <summary>
    /// Makes sure the reminder comes due after <paramref name="now"/> and no later than <paramref name="within"/> from it:
    /// one written earlier that still does is kept as it is; otherwise it moves to <paramref name="now"/> + <paramref name="within"/>.
    /// </summary>
    public Task DueWithinAsync(DateTimeOffset now, TimeSpan within) =>
        _known && _dueAt is { } at && at > now && at <= now + within ? Task.CompletedTask : MoveToAsync(now + within);

    /// <summary>Forgets what was written: the next move writes whatever it is.</summary>
    public void Forget() => _known = false;
}
