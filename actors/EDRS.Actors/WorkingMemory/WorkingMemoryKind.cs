using EDRS.Grains.Runtime;
using Contract = EDRS.Grains.Contracts.Memory.WorkingMemoryGrain;

namespace EDRS.Actors.WorkingMemory;

/// <summary>The working-memory kind as a member hosts it.</summary>
public static class WorkingMemoryKind
{
    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<Contract.WorkingMemoryGrainBase, WorkingMemoryGrain>(Contract.Descriptor, Contract.BindService);
}
