using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Tools;

/// <summary>Typed access to a tenant's tool registry.</summary>
public static class ToolClients
{
    public static ToolRegistryGrain.ToolRegistryGrainClient Tools(this GrainClients clients, string tenant) =>
        new(clients.Invoker(ToolRegistryGrain.Descriptor, tenant, ToolRegistryKind.Key));
}
