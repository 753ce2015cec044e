using EDRS.Grains.Contracts.Memory;
using EDRS.Hosts.Gateway.Grpc;

namespace EDRS.Hosts.Gateway.Memory;

/// <summary>
/// The long-term memory over gRPC: <c>edrs.memory.v1.MemoryGrain</c> keyed by <c>persona_id</c>, every public rpc with the
/// <c>user</c> role as on the REST side. The grain-internal rpcs (the persona's erasure and fact mirror, the retention
/// sweep) are marked <c>(edrs.internal)</c> and not served.
/// </summary>
public static class MemoriesGrpc
{
    public static GrainServiceRegistry ServeMemories(this GrainServiceRegistry grpc) =>
        grpc.Serve<MemoryGrain.MemoryGrainBase>(MemoryGrain.Descriptor, MemoryGrain.BindService, "persona_id");
}
