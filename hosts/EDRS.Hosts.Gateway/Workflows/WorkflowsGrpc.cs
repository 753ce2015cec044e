using EDRS.Actors.Workflows.Registry;
using EDRS.Grains.Contracts.Work;
using EDRS.Hosts.Gateway.Grpc;

namespace EDRS.Hosts.Gateway.Workflows;

/// <summary>
/// The tenant's workflow templates over gRPC: <c>edrs.work.v1.WorkflowRegistryGrain</c>, the grain of the token's tenant;
/// registering needs <c>admin</c>. Workflow instances are served over REST only: an approval's roles come from the
/// caller's token, which the generic forwarder does not put into requests.
/// </summary>
public static class WorkflowsGrpc
{
    public static GrainServiceRegistry ServeWorkflowTemplates(this GrainServiceRegistry grpc) =>
        grpc.ServeTenantGrain<WorkflowRegistryGrain.WorkflowRegistryGrainBase>(
            WorkflowRegistryGrain.Descriptor, WorkflowRegistryGrain.BindService, WorkflowRegistryKind.Key, "RegisterTemplate");
}
