using EDRS.Actors.Workflows.Registry;
using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Workflows;

/// <summary>Typed access to workflow instances and registries.</summary>
public static class WorkflowClients
{
    /// <summary>The typed client of workflow instance <paramref name="workflowId"/> of <paramref name="tenant"/>.</summary>
    public static WorkflowGrain.WorkflowGrainClient Workflow(this GrainClients clients, string tenant, string workflowId) =>
        new(clients.Invoker(WorkflowGrain.Descriptor, tenant, workflowId));

    /// <summary>The typed client of <paramref name="tenant"/>'s workflow template registry.</summary>
    public static WorkflowRegistryGrain.WorkflowRegistryGrainClient WorkflowRegistry(this GrainClients clients, string tenant) =>
        new(clients.Invoker(WorkflowRegistryGrain.Descriptor, tenant, WorkflowRegistryKind.Key));
}
