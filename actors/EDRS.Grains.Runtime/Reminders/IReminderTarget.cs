namespace EDRS.Grains.Runtime;

/// <summary>
/// How the members wake grains of one kind when a reminder of theirs is due: a feature registers one per kind that
/// uses reminders, and it calls the grain through its typed client (so the grain is activated wherever the cluster
/// places it, after a crash or a move too).
/// </summary>
public interface IReminderTarget
{
    /// <summary>The grain kind this target wakes, e.g. <c>workflow</c>.</summary>
    string Kind { get; }

    /// <summary>Wakes <paramref name="grain"/> for its reminder <paramref name="reminder"/>, due at <paramref name="dueAt"/>; returns once the grain acknowledged it.</summary>
    Task WakeAsync(GrainIdentity grain, string reminder, DateTimeOffset dueAt, CancellationToken cancellationToken);
}
