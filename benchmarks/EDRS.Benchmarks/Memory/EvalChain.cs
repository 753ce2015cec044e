namespace EDRS.Benchmarks.Memory;

/// <summary>
/// Ground truth: memories about the same person and subject, oldest first, each superseding the one before
/// (Maria's shift: early, then late, then mornings four days a week).
/// </summary>
internal sealed record EvalChain
{
    /// <summary><c>c01</c>, <c>c02</c>, ...</summary>
    public required string Key { get; init; }

    public required string PersonaId { get; init; }

    /// <summary>The person all steps are about; null for a chain about no one (a team policy that changed).</summary>
    public string? PersonId { get; init; }

    /// <summary>What changed, in words, for people reading the set.</summary>
    public required string Subject { get; init; }

    /// <summary>Memory keys in order of <see cref="EvalMemory.OccurredAt"/>.</summary>
    public required IReadOnlyList<string> Steps { get; init; }
}
