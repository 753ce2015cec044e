namespace EDRS.Actors.WorkingMemory;

/// <summary>An item the working memory holds (it may be past its expiry until the expiry is journaled).</summary>
public sealed record HeldItem(
    long ItemId,
    string Text,
    MemoryPriority Priority,
    string About,
    DateTimeOffset AddedAt,
    DateTimeOffset ExpiresAt)
{
    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;
}
