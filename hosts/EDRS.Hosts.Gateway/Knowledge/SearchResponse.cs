namespace EDRS.Hosts.Gateway.Knowledge;

/// <summary>The chunks that best answer a search, best first.</summary>
/// <param name="Items">At most `k` chunks.</param>
public sealed record SearchResponse(IReadOnlyList<SearchHitResponse> Items);
