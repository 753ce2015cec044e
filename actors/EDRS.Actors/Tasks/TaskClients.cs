using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;
using Grpc.Core;

namespace EDRS.Actors.Tasks;

/// <summary>Typed access to task grains.</summary>
public static class TaskClients
{
    /// <summary>The typed client of task <paramref name="taskId"/> of <paramref name="tenant"/>.</summary>
    public static TaskGrain.TaskGrainClient Task(this GrainClients clients, string tenant, string taskId) =>
        new(clients.Invoker(TaskGrain.Descriptor, tenant, taskId));

    /// <summary>
    /// Creates the task <paramref name="request"/> describes, or reads it when an earlier attempt created it already (its
    /// id derives from the attempt, so a repeat addresses the same task). A refused request (INVALID_ARGUMENT) is thrown.
    /// </summary>
    public static async Task<TaskView> CreateOrGetAsync(this GrainClients clients, string tenant, CreateTaskRequest request, CancellationToken cancellationToken)
    {
        var task = clients.Task(tenant, request.TaskId);
        try
        {
            return (await task.CreateAsync(request, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false)).Task;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            return await task.GetTaskAsync(new GetTaskRequest { TaskId = request.TaskId }, cancellationToken: cancellationToken).ResponseAsync.ConfigureAwait(false);
        }
    }
}
