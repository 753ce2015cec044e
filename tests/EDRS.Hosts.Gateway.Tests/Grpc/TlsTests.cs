using System.Security.Cryptography.X509Certificates;
using EDRS.Grains.Contracts.Personas;
using EDRS.Testing.Gateway;
using Grpc.Core;
using Grpc.Net.Client;
using Client = EDRS.Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient;

namespace EDRS.Hosts.Gateway.Tests.Grpc;

/// <summary>gRPC over TLS when the endpoint has a certificate.</summary>
public sealed class TlsTests(TlsGateway gateway) : IClassFixture<TlsGateway>
{
    [Fact]
    public async Task With_a_certificate_configured_the_grpc_endpoint_speaks_TLS()
    {
        var thumbprint = gateway.Thumbprint;
        using var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 c && c.Thumbprint == thumbprint },
        };
        using var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{gateway.GrpcPort}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = false });
        var token = await gateway.TokenAsync(TestClients.Default);
        var personas = new Client(channel);

        var error = await Assert.ThrowsAsync<RpcException>(() => personas.GetPersonaAsync(
            new GetPersonaRequest { PersonaId = "tls-nobody" }, new Metadata { { "authorization", $"Bearer {token}" } }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode); // through TLS, authenticated, to the grain and back
    }
}
