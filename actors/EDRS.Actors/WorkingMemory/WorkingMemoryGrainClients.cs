using EDRS.Actors.Personas;
using EDRS.Grains.Runtime;
using Contract = EDRS.Grains.Contracts.Memory.WorkingMemoryGrain;

namespace EDRS.Actors.WorkingMemory;

/// <summary>Typed access to working-memory grains.</summary>
public static class WorkingMemoryGrainClients
{
    /// <summary>The working memory of persona <paramref name="personaId"/> of <paramref name="tenant"/> (same identity as the persona).</summary>
    public static Contract.WorkingMemoryGrainClient WorkingMemory(this GrainClients clients, string tenant, string personaId) =>
        new(clients.Invoker(Contract.Descriptor, PersonaIdentity.Of(tenant, personaId)));
}
