namespace EDRS.Hosts.Gateway.WorkingMemory;

/// <summary>A working-memory item moved into long-term memory.</summary>
/// <param name="ItemId">The working-memory item (now gone from working memory).</param>
/// <param name="MemoryId">The long-term memory it became.</param>
public sealed record PromotedResponse(long ItemId, long MemoryId);
