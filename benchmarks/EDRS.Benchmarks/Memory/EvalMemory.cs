namespace EDRS.Benchmarks.Memory;

/// <summary>
/// One memory, sent as it is (without <see cref="Key"/>) to <c>POST /api/v1/personas/{personaId}/memories</c>.
/// </summary>
internal sealed record EvalMemory
{
    /// <summary><c>m001</c>, <c>m002</c>, ...: what questions, chains and lookalikes refer to.</summary>
    public required string Key { get; init; }

    public required string PersonaId { get; init; }

    /// <summary>The person the memory is about; null for memories about no one in particular (team policies, dates).</summary>
    public string? PersonId { get; init; }

    /// <summary>preference, like, dislike, working-style, schedule, relationship, project or note.</summary>
    public required string Kind { get; init; }

    /// <summary>1 to 10.</summary>
    public required int Importance { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>told, session, fact or event.</summary>
    public required string Source { get; init; }

    public required string Text { get; init; }
}
