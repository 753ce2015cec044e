namespace EDRS.Persistence.Reminders;

/// <summary>
/// A change to one grain's reminder that commits with a journal append, in the append's own statement: the reminder
/// <paramref name="Name"/> of the grain (<paramref name="Kind"/>, <paramref name="Identity"/> = its cluster identity) is
/// registered at <paramref name="DueAt"/> under a new <see cref="Token"/>, or removed when <paramref name="DueAt"/> is
/// null. Only an append that wins its stream writes its reminder, so a reminder and the events it depends on commit
/// together or not at all, at no cost of its own transaction.
/// </summary>
public sealed record ReminderWrite(string Kind, string Identity, string Name, DateTimeOffset? DueAt)
{
    /// <summary>The registration's token: a claim taken before this write no longer completes (deletes) the row.</summary>
    public Guid Token { get; } = Guid.CreateVersion7();
}
