namespace EDRS.Benchmarks.Memory;

/// <summary>
/// Ground truth about one person a persona knows. The system under test is never told this: it learns names only
/// from person ids and from memory texts ("Robert Chen, everyone calls him Bob, ...").
/// </summary>
internal sealed record EvalPerson
{
    public required string PersonaId { get; init; }

    /// <summary>Kebab-case person id, sent as <c>personId</c> with memories and (for some questions) with the search.</summary>
    public required string PersonId { get; init; }

    public required string Name { get; init; }

    /// <summary>Nicknames that some memory text of the same persona introduces.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary><c>he</c>, <c>she</c> or <c>they</c>.</summary>
    public required string Pronoun { get; init; }
}
