using EDRS.Grains.Contracts.Personas;
using EDRS.Hosts.Gateway.Grpc;

namespace EDRS.Hosts.Gateway.Personas;

/// <summary>The persona grain service over gRPC: every rpc of <c>edrs.personas.v1.PersonaGrain</c>, keyed by <c>persona_id</c>.</summary>
public static class PersonasGrpc
{
    /// <summary>Managing personas needs <c>admin</c>, as on the REST side; talking to them and reading needs <c>user</c>.</summary>
    public static GrainServiceRegistry ServePersonas(this GrainServiceRegistry grpc) =>
        grpc.Serve<PersonaGrain.PersonaGrainBase>(PersonaGrain.Descriptor, PersonaGrain.BindService, "persona_id", "Hire", "UpdateProfile", "ForgetPerson");
}
