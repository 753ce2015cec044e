using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Tasks;

/// <summary>Typed access to task grains.</summary>
public static class TaskClients
{
    /// <summary>The typed client of task <paramref name="taskId"/> of <paramref name="tenant"/>.</summary>
    public static TaskGrain.TaskGrainClient Task(this GrainClients clients, string tenant, string taskId) =>
        new(clients.Invoker(TaskGrain.Descriptor, tenant, taskId));
}
