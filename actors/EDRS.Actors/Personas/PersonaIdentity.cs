using EDRS.Grains.Runtime;

namespace EDRS.Actors.Personas;

/// <summary>A persona's cluster identity: <c>{tenant}/{personaId}</c>.</summary>
public static class PersonaIdentity
{
    public static string Of(string tenant, string personaId)
    {
        if (!GrainIds.IsTenant(tenant))
            throw new ArgumentException($"'{tenant}' is not a valid tenant.", nameof(tenant));
        if (!GrainIds.IsEntityId(personaId))
            throw new ArgumentException($"'{personaId}' is not a valid persona id: it must be {GrainIds.EntityIdRule}.", nameof(personaId));
        return $"{tenant}/{personaId}";
    }

    /// <summary>The tenant part of an identity.</summary>
    public static string TenantOf(string identity) => identity[..identity.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>The persona id part of an identity.</summary>
    public static string PersonaIdOf(string identity) => identity[(identity.IndexOf('/', StringComparison.Ordinal) + 1)..];
}
