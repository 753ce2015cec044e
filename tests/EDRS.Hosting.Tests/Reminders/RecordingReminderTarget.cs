using System.Collections.Concurrent;
using EDRS.Grains.Runtime;

namespace EDRS.Hosting.Tests.Reminders;

/// <summary>
/// A reminder target of a test kind (<c>probe</c>): records every wake-up instead of calling a grain, and refuses the
/// first <see cref="FailuresLeft"/> wake-ups (a grain whose member is gone).
/// </summary>
public sealed class RecordingReminderTarget : IReminderTarget
{
    public const string ProbeKind = "probe";

    private int _failuresLeft;

    public string Kind => ProbeKind;

    public ConcurrentQueue<(string Identity, string Reminder, DateTimeOffset DueAt, DateTimeOffset WokenAt)> Woken { get; } = new();

    public int FailuresLeft
    {
        get => Volatile.Read(ref _failuresLeft);
        set => Volatile.Write(ref _failuresLeft, value);
    }

    public Task WakeAsync(GrainIdentity grain, string reminder, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            throw new InvalidOperationException("the grain's member is gone (test double)");
        Woken.Enqueue((grain.ClusterIdentity, reminder, dueAt, DateTimeOffset.UtcNow));
        return Task.CompletedTask;
    }
}
