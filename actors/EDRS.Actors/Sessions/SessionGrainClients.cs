using EDRS.Grains.Runtime;
using Contract = EDRS.Grains.Contracts.Sessions.SessionGrain;

namespace EDRS.Actors.Sessions;

/// <summary>Typed access to session grains.</summary>
public static class SessionGrainClients
{
    /// <summary>The typed client of session <paramref name="sessionId"/> of <paramref name="tenant"/>.</summary>
    public static Contract.SessionGrainClient Session(this GrainClients clients, string tenant, string sessionId)
    {
        if (!GrainIds.IsTenant(tenant))
            throw new ArgumentException($"'{tenant}' is not a valid tenant.", nameof(tenant));
        if (!GrainIds.IsEntityId(sessionId))
            throw new ArgumentException($"'{sessionId}' is not a valid session id: it must be {GrainIds.EntityIdRule}.", nameof(sessionId));
        return new(clients.Invoker(Contract.Descriptor, $"{tenant}/{sessionId}"));
    }
}
