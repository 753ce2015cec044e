using EDRS.Grains.Contracts.Memory;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.WorkingMemory;

/// <summary>Typed access to working-memory grains.</summary>
public static class WorkingMemoryClients
{
    /// <summary>The working memory of persona <paramref name="personaId"/> of <paramref name="tenant"/> (same key as the persona).</summary>
    public static WorkingMemoryGrain.WorkingMemoryGrainClient WorkingMemory(this GrainClients clients, string tenant, string personaId) =>
        new(clients.Invoker(WorkingMemoryGrain.Descriptor, tenant, personaId));
}
