using EDRS.Actors.Workflows.Registry;
using EDRS.Grains.Contracts.Work;
using EDRS.Hosts.Gateway.Grpc;
using EDRS.Hosts.Gateway.Tenancy;

namespace EDRS.Hosts.Gateway.Workflows;

/// <summary>
/// Workflows over gRPC: the tenant's templates (<c>edrs.work.v1.WorkflowRegistryGrain</c>, the grain of the token's
/// tenant; registering needs <c>admin</c>) and the runs (<c>edrs.work.v1.WorkflowGrain</c>, keyed by <c>workflow_id</c>,
/// without its internal rpcs). A start runs the registered template version it names (its definition is the registry's,
/// never the client's), and an approval's approver and roles come from the caller's token, as over REST.
/// </summary>
public static class WorkflowsGrpc
{
    public static GrainServiceRegistry ServeWorkflowTemplates(this GrainServiceRegistry grpc) =>
        grpc.ServeTenantGrain<WorkflowRegistryGrain.WorkflowRegistryGrainBase>(
            WorkflowRegistryGrain.Descriptor, WorkflowRegistryGrain.BindService, WorkflowRegistryKind.Key, "RegisterTemplate");

    public static GrainServiceRegistry ServeWorkflows(this GrainServiceRegistry grpc) =>
        grpc.Serve<WorkflowGrain.WorkflowGrainBase>(WorkflowGrain.Descriptor, WorkflowGrain.BindService, "workflow_id")
            .Handle<StartWorkflowRequest, WorkflowView>(WorkflowGrain.Descriptor, "Start", async (call, request) =>
            {
                var template = await call.Services.GetRequiredService<TenantGrains>().WorkflowRegistry(call.Tenant).GetTemplateAsync(
                    new GetTemplateRequest { Name = request.Template, Version = request.TemplateVersion }, call.Options).ResponseAsync.ConfigureAwait(false);
                request.TemplateVersion = template.Version;
                request.Definition = template.Definition;
                return await new WorkflowGrain.WorkflowGrainClient(call.Invoker).StartAsync(request, call.Options).ResponseAsync.ConfigureAwait(false);
            })
            .Handle<WorkflowApprovalRequest, WorkflowView>(WorkflowGrain.Descriptor, "Approve", (call, request) =>
                new WorkflowGrain.WorkflowGrainClient(call.Invoker).ApproveAsync(WorkflowsApi.AsCaller(request, call.User, call.Tenant), call.Options).ResponseAsync);
}
