using System.Net;
using EDRS.Grains.Contracts.Personas;
using EDRS.Testing.Gateway;
using Grpc.Core;
using Client = EDRS.Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient;

namespace EDRS.Hosts.Gateway.Tests.Grpc;

/// <summary>No member hosts the kind: both edges say UNAVAILABLE at once, instead of waiting out the deadline.</summary>
public sealed class UnavailableTests(NoPersonaMemberGateway gateway) : IClassFixture<NoPersonaMemberGateway>
{
    [Fact]
    public async Task A_grpc_call_for_a_kind_no_member_hosts_is_UNAVAILABLE()
    {
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(await gateway.GrpcForAsync(channel, TestClients.Default));

        var error = await Assert.ThrowsAsync<RpcException>(() => personas.GetPersonaAsync(new GetPersonaRequest { PersonaId = "ada" }).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task A_REST_call_for_a_kind_no_member_hosts_is_a_503_problem()
    {
        using var response = await gateway.Client.GetAsync($"{Api.PersonasPath}/ada");

        await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
    }
}
