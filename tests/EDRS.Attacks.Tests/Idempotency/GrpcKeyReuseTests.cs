using EDRS.Attacks.Tests.Grpc;
using EDRS.Grains.Contracts.Personas;
using EDRS.Testing.Gateway;
using Grpc.Core;
using Google.Rpc;
using Client = EDRS.Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient;

namespace EDRS.Attacks.Tests.Idempotency;

/// <summary>gRPC callers of the gateway: a request id reused for another request is FAILED_PRECONDITION.</summary>
public sealed class GrpcKeyReuseTests(KestrelGateway gateway) : IClassFixture<KestrelGateway>
{
    [Fact]
    public async Task Forgetting_bob_with_the_request_id_that_forgot_alice_is_FAILED_PRECONDITION_and_bob_is_not_forgotten()
    {
        var personaId = await gateway.Client.PersonaKnowingAsync(["alice", "bob"]);
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(await gateway.GrpcForAsync(channel));
        var key = KeyReuse.NewKey();

        await personas.ForgetPersonAsync(new ForgetPersonRequest { RequestId = key, PersonaId = personaId, PersonId = "alice" });
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            personas.ForgetPersonAsync(new ForgetPersonRequest { RequestId = key, PersonaId = personaId, PersonId = "bob" }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        var info = refused.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.Equal(KeyReuse.Code, info?.Reason);
        Assert.Equal(1, await gateway.Client.FactCountAsync(personaId, "bob"));
    }

    [Fact]
    public async Task A_key_used_over_REST_and_the_same_request_over_gRPC_is_one_request()
    {
        var personaId = await gateway.Client.PersonaKnowingAsync(["alice"]);
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(await gateway.GrpcForAsync(channel));
        var key = KeyReuse.NewKey();

        using var rest = await gateway.Client.SendAsync(HttpMethod.Delete, $"{Api.PersonasPath}/{personaId}/people/alice", idempotencyKey: key);
        var grpc = await personas.ForgetPersonAsync(new ForgetPersonRequest { RequestId = key, PersonaId = personaId, PersonId = "alice" });

        Assert.Equal(System.Net.HttpStatusCode.NoContent, rest.StatusCode);
        Assert.Equal(1, grpc.FactsErased); // the first answer again
    }
}
