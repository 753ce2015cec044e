namespace EDRS.Benchmarks.Memory;

/// <summary>
/// One question, asked with <c>GET .../memories/search?q={Text}&amp;asOf={AskedAt}&amp;personId={PersonId}</c>.
/// A hit at rank k is any of <see cref="Answers"/> in the top k; every one of <see cref="Stale"/> must rank below every answer.
/// </summary>
internal sealed record EvalQuestion
{
    /// <summary><c>q001</c>, <c>q002</c>, ...</summary>
    public required string Key { get; init; }

    public required string PersonaId { get; init; }

    /// <summary>The <c>asOf</c> of the search: memories that occur later do not exist yet.</summary>
    public required DateTimeOffset AskedAt { get; init; }

    public required string Text { get; init; }

    /// <summary>The person the caller says the question is about; null when the question has to name them itself.</summary>
    public string? PersonId { get; init; }

    /// <summary>Memory keys that answer the question.</summary>
    public required IReadOnlyList<string> Answers { get; init; }

    /// <summary>Bridge memories of a two-hop question (who Bob's manager is); not scored as answers.</summary>
    public IReadOnlyList<string> Supporting { get; init; } = [];

    /// <summary>Memories superseded by an answer as of <see cref="AskedAt"/>: they must rank below every answer.</summary>
    public IReadOnlyList<string> Stale { get; init; } = [];

    /// <summary>One of <see cref="EvalVocabulary.Categories"/>.</summary>
    public required string Category { get; init; }
}
