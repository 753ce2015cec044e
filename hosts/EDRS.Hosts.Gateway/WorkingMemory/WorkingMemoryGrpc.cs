using EDRS.Grains.Contracts.Memory;
using EDRS.Hosts.Gateway.Grpc;

namespace EDRS.Hosts.Gateway.WorkingMemory;

/// <summary>
/// Working memory over gRPC: <c>edrs.memory.v1.WorkingMemoryGrain</c> keyed by <c>persona_id</c> with the <c>user</c> role;
/// the expiry sweep its own timer sends is not served.
/// </summary>
public static class WorkingMemoryGrpc
{
    public static GrainServiceRegistry ServeWorkingMemory(this GrainServiceRegistry grpc) =>
        grpc.Serve<WorkingMemoryGrain.WorkingMemoryGrainBase>(WorkingMemoryGrain.Descriptor, WorkingMemoryGrain.BindService, "persona_id");
}
