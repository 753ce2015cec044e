namespace EDRS.Hosts.Gateway.WorkingMemory;

/// <summary>An item working memory holds.</summary>
/// <param name="Id">Its id, unique within the persona's working memory.</param>
/// <param name="Text">The item.</param>
/// <param name="Priority">lowest, low, normal, high or highest.</param>
/// <param name="About">The person it concerns, if any.</param>
/// <param name="AddedAt">When it was added.</param>
/// <param name="ExpiresAt">When it expires.</param>
/// <param name="EvictedItemId">The item it pushed out of a full working memory (only in the answer to adding it).</param>
public sealed record WorkingMemoryItemResponse(long Id, string Text, string Priority, string? About, DateTimeOffset AddedAt, DateTimeOffset ExpiresAt, long? EvictedItemId);
