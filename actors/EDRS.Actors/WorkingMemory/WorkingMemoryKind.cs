using EDRS.Grains.Contracts.Memory;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.WorkingMemory;

/// <summary>The working-memory kind as a member hosts it.</summary>
public static class WorkingMemoryKind
{
    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<WorkingMemoryGrain.WorkingMemoryGrainBase, PersonaWorkingMemory>(WorkingMemoryGrain.Descriptor, WorkingMemoryGrain.BindService);
}
