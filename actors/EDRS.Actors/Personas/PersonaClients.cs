using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;

namespace EDRS.Actors.Personas;

/// <summary>Typed access to persona grains.</summary>
public static class PersonaClients
{
    /// <summary>The typed client of the persona <paramref name="personaId"/> of <paramref name="tenant"/>.</summary>
    public static PersonaGrain.PersonaGrainClient Persona(this GrainClients clients, string tenant, string personaId) =>
        new(clients.Invoker(PersonaGrain.Descriptor, tenant, personaId));
}
