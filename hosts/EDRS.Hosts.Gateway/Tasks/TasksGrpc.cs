using EDRS.Grains.Contracts.Work;
using EDRS.Hosts.Gateway.Grpc;

namespace EDRS.Hosts.Gateway.Tasks;

/// <summary>The task grain service over gRPC: <c>edrs.work.v1.TaskGrain</c>, keyed by <c>task_id</c>, without its internal rpcs.</summary>
public static class TasksGrpc
{
    public static GrainServiceRegistry ServeTasks(this GrainServiceRegistry grpc) =>
        grpc.Serve<TaskGrain.TaskGrainBase>(TaskGrain.Descriptor, TaskGrain.BindService, "task_id");
}
