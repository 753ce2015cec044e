using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Personas;

/// <summary>The persona kind as a member hosts it.</summary>
public static class PersonaKind
{
    public static GrainKindRegistration Registration { get; } =
        GrainKindRegistration.For<PersonaGrain.PersonaGrainBase, Persona>(PersonaGrain.Descriptor, PersonaGrain.BindService);
}
