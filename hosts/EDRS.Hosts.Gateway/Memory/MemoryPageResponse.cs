namespace EDRS.Hosts.Gateway.Memory;

/// <summary>One page of a persona's memories, oldest first; pass <paramref name="NextCursor"/> as <c>cursor</c> for the next.</summary>
public sealed record MemoryPageResponse(IReadOnlyList<MemoryResponse> Items, string? NextCursor);
