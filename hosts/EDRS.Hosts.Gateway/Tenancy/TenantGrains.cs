using EDRS.Grains.Contracts.Memory;
using EDRS.Grains.Contracts.Knowledge;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Contracts.Sessions;
using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;
using Grpc.Core;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace EDRS.Hosts.Gateway.Tenancy;

/// <summary>
/// The one way the gateway reaches a grain: the identity is always <c>{tenant}/{key}</c> with the tenant from
/// the caller's token, so no request can name another tenant's grain (a key cannot hold a '/'), and asking
/// for another tenant's id just addresses an empty grain of one's own (404, existence not leaked).
/// </summary>
public sealed class TenantGrains(GrainClients clients)
{
    /// <summary>An invoker for the grain of <paramref name="service"/>'s kind at <c>{tenant}/{key}</c>.</summary>
    /// <exception cref="RpcException">UNAVAILABLE when no cluster member hosts the kind (e.g. every core member is down).</exception>
    public CallInvoker Invoker(ServiceDescriptor service, string tenant, string key)
    {
        var kind = GrainContract.Of(service).Kind;
        // Without a member for the kind, Proto.Cluster would retry until the deadline: say so at once.
        if (!clients.IsHosted(kind))
            throw new RpcException(new Status(StatusCode.Unavailable, $"No cluster member hosts {kind} grains right now; retry later."));
        return clients.Invoker(service, tenant, key);
    }

    /// <summary>The typed client of persona <paramref name="personaId"/> of <paramref name="tenant"/>.</summary>
    public PersonaGrain.PersonaGrainClient Persona(string tenant, string personaId) => new(Invoker(PersonaGrain.Descriptor, tenant, personaId));

    /// <summary>The typed client of the long-term memory of persona <paramref name="personaId"/> of <paramref name="tenant"/>.</summary>
    public MemoryGrain.MemoryGrainClient Memory(string tenant, string personaId) => new(Invoker(MemoryGrain.Descriptor, tenant, personaId));

    /// <summary>The typed client of the working memory of persona <paramref name="personaId"/> of <paramref name="tenant"/>.</summary>
    public WorkingMemoryGrain.WorkingMemoryGrainClient WorkingMemory(string tenant, string personaId) => new(Invoker(WorkingMemoryGrain.Descriptor, tenant, personaId));
    /// <summary>The typed client of knowledge collection <paramref name="collectionId"/> of <paramref name="tenant"/>.</summary>
    public KnowledgeGrain.KnowledgeGrainClient Knowledge(string tenant, string collectionId) => new(Invoker(KnowledgeGrain.Descriptor, tenant, collectionId));

    /// <summary>The typed client of session <paramref name="sessionId"/> of <paramref name="tenant"/>.</summary>
    public SessionGrain.SessionGrainClient Session(string tenant, string sessionId) => new(Invoker(SessionGrain.Descriptor, tenant, sessionId));

    /// <summary>The typed client of task <paramref name="taskId"/> of <paramref name="tenant"/>.</summary>
    public TaskGrain.TaskGrainClient Task(string tenant, string taskId) => new(Invoker(TaskGrain.Descriptor, tenant, taskId));

    /// <summary>The typed client of <paramref name="tenant"/>'s tool registry.</summary>
    public ToolRegistryGrain.ToolRegistryGrainClient Tools(string tenant) =>
        new(Invoker(ToolRegistryGrain.Descriptor, tenant, EDRS.Actors.Tools.ToolRegistryKind.Key));

    /// <summary>The typed client of workflow instance <paramref name="workflowId"/> of <paramref name="tenant"/>.</summary>
    public WorkflowGrain.WorkflowGrainClient Workflow(string tenant, string workflowId) => new(Invoker(WorkflowGrain.Descriptor, tenant, workflowId));

    /// <summary>The typed client of <paramref name="tenant"/>'s workflow template registry.</summary>
    public WorkflowRegistryGrain.WorkflowRegistryGrainClient WorkflowRegistry(string tenant) =>
        new(Invoker(WorkflowRegistryGrain.Descriptor, tenant, EDRS.Actors.Workflows.Registry.WorkflowRegistryKind.Key));
}
