using System.Collections.Immutable;

namespace EDRS.Actors.WorkingMemory;

/// <summary>A persona's working memory as folded from its events: the items held, oldest first.</summary>
public sealed record WorkingMemoryState(ImmutableList<HeldItem> Items, long LastItemId)
{
    public static readonly WorkingMemoryState Initial = new([], 0);

    /// <summary>The items still alive at <paramref name="now"/>, highest priority first, then newest.</summary>
    public IEnumerable<HeldItem> LiveAt(DateTimeOffset now) =>
        Items.Where(i => !i.IsExpiredAt(now)).OrderByDescending(i => i.Priority).ThenByDescending(i => i.AddedAt).ThenByDescending(i => i.ItemId);

    /// <summary>When the next held item expires (null: nothing held).</summary>
    public DateTimeOffset? NextExpiry => Items.IsEmpty ? null : Items.Min(i => i.ExpiresAt);
}
