using EDRS.Grains.Contracts.Personas;
using EDRS.Hosts.Gateway.Tests.Auth;
using EDRS.Testing.Gateway;
using Grpc.Core;
using Client = EDRS.Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient;
using GrpcPersonas = EDRS.Testing.Grains.Personas;

namespace EDRS.Hosts.Gateway.Tests.Grpc;

/// <summary>The same token checks on the gRPC edge: every bad token is UNAUTHENTICATED, saying why.</summary>
public sealed class GrpcAuthenticationTests(KestrelGateway gateway) : IClassFixture<KestrelGateway>
{
    public static TheoryData<string, string> BadTokens => new()
    {
        { "expired", Tokens.Mint(expires: DateTime.UtcNow.AddMinutes(-5)) },
        { "signature", Tokens.Mint(signingKey: Tokens.OtherKey()) },
        { "audience", Tokens.Mint(audience: "some-other-api") },
        { "issuer", Tokens.Mint(issuer: "someone-else") },
        { "signature", Tokens.Unsigned() },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task An_expired_wrongly_signed_or_foreign_token_is_UNAUTHENTICATED(string reason, string token)
    {
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(channel);

        var error = await Assert.ThrowsAsync<RpcException>(() => personas.RememberFactAsync(
            GrpcPersonas.Remember("grpc-auth", "bob", "x"), new Metadata { { "authorization", $"Bearer {token}" } }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains(reason, error.Status.Detail);
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from mt_streams where id like $1", "%grpc-auth"));
    }

    [Fact]
    public async Task A_token_without_a_usable_tenant_is_PERMISSION_DENIED()
    {
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(channel);

        var error = await Assert.ThrowsAsync<RpcException>(() => personas.GetPersonaAsync(
            new GetPersonaRequest { PersonaId = "x" }, new Metadata { { "authorization", $"Bearer {Tokens.Mint(clientId: "Not/A-Tenant")}" } }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }
}
