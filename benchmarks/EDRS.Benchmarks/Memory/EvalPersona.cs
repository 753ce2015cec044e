namespace EDRS.Benchmarks.Memory;

/// <summary>A persona of the evaluation set: the AI colleague whose long-term memory is filled and searched.</summary>
internal sealed record EvalPersona
{
    /// <summary>Kebab-case persona id, the <c>{personaId}</c> of the memory API.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Role { get; init; }

    public required IReadOnlyList<string> Skills { get; init; }
}
