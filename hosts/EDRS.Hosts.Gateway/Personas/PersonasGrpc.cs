using EDRS.Grains.Contracts.Personas;
using EDRS.Hosts.Gateway.Grpc;
using EDRS.Hosts.Gateway.Inbound;

namespace EDRS.Hosts.Gateway.Personas;

/// <summary>
/// The persona grain service over gRPC: every rpc of <c>edrs.personas.v1.PersonaGrain</c> but the internal ones
/// (<c>AssignWork</c>), keyed by <c>persona_id</c>. Completing and handing back work run <see cref="InboxWork"/>, as on the REST side.
/// </summary>
public static class PersonasGrpc
{
    /// <summary>Managing personas needs <c>admin</c>, as on the REST side; talking to them and reading needs <c>user</c>.</summary>
    public static GrainServiceRegistry ServePersonas(this GrainServiceRegistry grpc) =>
        grpc.Serve<PersonaGrain.PersonaGrainBase>(PersonaGrain.Descriptor, PersonaGrain.BindService, "persona_id", "Hire", "UpdateProfile", "ForgetPerson")
            .Handle<CompleteWorkRequest, WorkAck>(PersonaGrain.Descriptor, "CompleteWork", (call, request) =>
                Work(call).CompleteAsync(new PersonaGrain.PersonaGrainClient(call.Invoker), call.Tenant, request, call.Options))
            .Handle<ReturnWorkRequest, WorkAck>(PersonaGrain.Descriptor, "ReturnWork", (call, request) =>
                Work(call).ReturnAsync(new PersonaGrain.PersonaGrainClient(call.Invoker), call.Tenant, request, call.Options));

    private static InboxWork Work(GrainRpcCall call) => call.Services.GetRequiredService<InboxWork>();
}
