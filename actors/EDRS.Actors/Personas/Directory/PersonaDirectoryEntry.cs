namespace EDRS.Actors.Personas.Directory;

/// <summary>
/// One persona as the directory lists it: a read model that <see cref="PersonaDirectoryProjection"/> keeps
/// from the persona's events. Only the profile is here; what a persona knows about people never is.
/// </summary>
public sealed record PersonaDirectoryEntry
{
    /// <summary>The persona's stream key, <c>persona/{tenant}/{personaId}</c>: sorts by persona id within a tenant.</summary>
    public required string Id { get; init; }

    public required string Tenant { get; init; }

    public required string PersonaId { get; init; }

    public required string Name { get; init; }

    public string Role { get; init; } = "";

    public IReadOnlyList<string> Skills { get; init; } = [];

    public DateTimeOffset HiredAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
