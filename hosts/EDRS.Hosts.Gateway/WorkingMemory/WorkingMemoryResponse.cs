namespace EDRS.Hosts.Gateway.WorkingMemory;

/// <summary>The live items of a persona's working memory, highest priority first, then newest.</summary>
/// <param name="Items">The items asked for (filtered by <c>about</c>, cut by <c>limit</c>).</param>
/// <param name="Held">Live items held in all.</param>
public sealed record WorkingMemoryResponse(IReadOnlyList<WorkingMemoryItemResponse> Items, int Held);
