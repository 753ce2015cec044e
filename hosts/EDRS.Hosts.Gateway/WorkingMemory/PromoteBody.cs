namespace EDRS.Hosts.Gateway.WorkingMemory;

/// <summary>How a working-memory item becomes a long-term memory (both optional).</summary>
/// <param name="Kind">The memory's kind (default note).</param>
/// <param name="Importance">1 to 10; default from the item's priority (lowest 2, low 4, normal 5, high 7, highest 9).</param>
public sealed record PromoteBody(string? Kind, int? Importance);
