using EDRS.Actors.Tools;
using EDRS.Grains.Contracts.Work;
using EDRS.Hosts.Gateway.Grpc;

namespace EDRS.Hosts.Gateway.Tools;

/// <summary>The tenant's tool registry over gRPC: <c>edrs.work.v1.ToolRegistryGrain</c>, the grain of the token's tenant; changes need <c>admin</c>.</summary>
public static class ToolsGrpc
{
    public static GrainServiceRegistry ServeTools(this GrainServiceRegistry grpc) =>
        grpc.ServeTenantGrain<ToolRegistryGrain.ToolRegistryGrainBase>(
            ToolRegistryGrain.Descriptor, ToolRegistryGrain.BindService, ToolRegistryKind.Key, "RegisterTool", "RemoveTool");
}
