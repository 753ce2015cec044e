namespace EDRS.Hosts.Gateway.Memory;

/// <summary>A memory a search found.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Text">What it remembers.</param>
/// <param name="PersonId">The person it is about, if any.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Importance">1 to 10.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="Score">How well it answers the question (higher is better; comparable within one search only).</param>
/// <param name="Superseded">A newer memory had updated it by the search's <c>asOf</c>.</param>
public sealed record MemoryHitResponse(
    long Id,
    string Text,
    string? PersonId,
    string Kind,
    int Importance,
    DateTimeOffset OccurredAt,
    double Score,
    bool Superseded);
