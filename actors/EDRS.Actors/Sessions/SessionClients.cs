using EDRS.Grains.Contracts.Sessions;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Sessions;

/// <summary>Typed access to session grains.</summary>
public static class SessionClients
{
    /// <summary>The typed client of session <paramref name="sessionId"/> of <paramref name="tenant"/>.</summary>
    public static SessionGrain.SessionGrainClient Session(this GrainClients clients, string tenant, string sessionId) =>
        new(clients.Invoker(SessionGrain.Descriptor, tenant, sessionId));
}
