using EDRS.Grains.Contracts.Memory;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Memory;

/// <summary>Typed access to long-term memory grains.</summary>
public static class MemoryClients
{
    /// <summary>The long-term memory of persona <paramref name="personaId"/> of <paramref name="tenant"/> (same key as the persona).</summary>
    public static MemoryGrain.MemoryGrainClient Memory(this GrainClients clients, string tenant, string personaId) =>
        new(clients.Invoker(MemoryGrain.Descriptor, tenant, personaId));

    /// <summary>The memory kind, from its contract.</summary>
    public static string Kind { get; } = GrainContract.Of(MemoryGrain.Descriptor).Kind;
}
