using EDRS.Grains.Contracts.Memory;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Memory;

/// <summary>The long-term memory kind as a member hosts it.</summary>
public static class MemoryKind
{
    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<MemoryGrain.MemoryGrainBase, PersonaMemory>(MemoryGrain.Descriptor, MemoryGrain.BindService);
}
