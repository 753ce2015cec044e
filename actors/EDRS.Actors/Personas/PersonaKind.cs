using EDRS.Grains.Runtime;
using Contract = EDRS.Grains.Contracts.Personas.PersonaGrain;

namespace EDRS.Actors.Personas;

/// <summary>The persona kind as a member hosts it.</summary>
public static class PersonaKind
{
    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<Contract.PersonaGrainBase, PersonaGrain>(Contract.Descriptor, Contract.BindService);
}
