using EDRS.Grains.Contracts.Work;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Workflows;

/// <summary>The workflow instance kind as a member hosts it.</summary>
public static class WorkflowKind
{
    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<WorkflowGrain.WorkflowGrainBase, WorkflowInstance>(WorkflowGrain.Descriptor, WorkflowGrain.BindService);

    public static string Name => Registration.Kind;
}
