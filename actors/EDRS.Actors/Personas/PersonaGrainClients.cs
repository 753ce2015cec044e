using EDRS.Grains.Runtime;
using Contract = EDRS.Grains.Contracts.Personas.PersonaGrain;

namespace EDRS.Actors.Personas;

/// <summary>Typed access to persona grains.</summary>
public static class PersonaGrainClients
{
    /// <summary>The typed client of the persona <paramref name="personaId"/> of <paramref name="tenant"/>.</summary>
    public static Contract.PersonaGrainClient Persona(this GrainClients clients, string tenant, string personaId) =>
        new(clients.Invoker(Contract.Descriptor, PersonaIdentity.Of(tenant, personaId)));
}
