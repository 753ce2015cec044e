namespace EDRS.Actors.Memory.Retrieval;

/// <summary>
/// One search: the question and its embedding (as a query), the time it is asked as of (only memories that occurred by
/// then count, and recency and supersession are measured from it), the person it is about when the caller knows
/// (<see cref="PersonId"/>, "" when not), the person asking when there is one (<see cref="SpeakerId"/>: "I", "me" and "my" are
/// them), how many results, and the ranking. <see cref="ContentVector"/> is the embedding of the question without the names
/// of the people it names (<see cref="MemoryRanker.ContentOf"/>; empty: the question names no one).
/// </summary>
public sealed record MemoryQuery(
    string Text,
    float[] Vector,
    DateTimeOffset AsOf,
    string PersonId,
    string SpeakerId,
    int Limit,
    RankingMode Mode = RankingMode.Hybrid)
{
    public float[] ContentVector { get; init; } = [];
}
