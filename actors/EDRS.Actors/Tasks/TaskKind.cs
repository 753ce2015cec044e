using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Tasks;

/// <summary>The task kind as a member hosts it.</summary>
public static class TaskKind
{
    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<TaskGrain.TaskGrainBase, WorkTask>(TaskGrain.Descriptor, TaskGrain.BindService);

    public static string Name => Registration.Kind;
}
