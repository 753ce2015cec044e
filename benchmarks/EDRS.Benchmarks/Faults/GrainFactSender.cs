using EDRS.Actors.Personas;
using EDRS.Grains.Contracts.Personas;
using EDRS.Grains.Runtime;

namespace EDRS.Benchmarks.Faults;

/// <summary>The typed grain client of a member in the cluster (the harness's own), as a gateway calls grains.</summary>
internal sealed class GrainFactSender(GrainClients clients) : IFactSender
{
    public string Name => "typed client";

    public async Task<FactAck> SendAsync(RememberFactRequest request, TimeSpan deadline) =>
        await clients.Persona(FactLoad.Tenant, request.PersonaId).RememberFactAsync(request, deadline: DateTime.UtcNow + deadline).ConfigureAwait(false);
}
