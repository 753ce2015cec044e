namespace EDRS.Hosts.Gateway.Memory;

/// <summary>The memories that best answer a question, best first.</summary>
public sealed record MemorySearchResponse(IReadOnlyList<MemoryHitResponse> Items);
