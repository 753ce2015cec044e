using EDRS.Grains.Contracts.Personas;
using EDRS.Testing.Gateway;
using Grpc.Core;
using Client = EDRS.Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient;

namespace EDRS.Hosts.Gateway.Tests.RateLimits;

/// <summary>The same buckets meter gRPC calls; over the limit a call is RESOURCE_EXHAUSTED.</summary>
public sealed class GrpcRateLimitTests(KestrelGateway gateway) : IClassFixture<KestrelGateway>
{
    [Fact]
    public async Task Over_the_limit_a_grpc_call_is_RESOURCE_EXHAUSTED_with_the_rate_limit_headers()
    {
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(await gateway.GrpcForAsync(channel, TestClients.MeteredA));
        var request = new GetPersonaRequest { PersonaId = "grpc-rate-nobody" };

        var first = personas.GetPersonaAsync(request);
        var headers = await first.ResponseHeadersAsync;
        await Assert.ThrowsAsync<RpcException>(() => first.ResponseAsync);
        RpcException? refused = null;
        for (var i = 0; i < 15 && refused is null; i++)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => personas.GetPersonaAsync(request).ResponseAsync);
            if (error.StatusCode == StatusCode.ResourceExhausted)
                refused = error;
            else
                Assert.Equal(StatusCode.NotFound, error.StatusCode);
        }

        Assert.Equal("60", headers.GetValue("x-ratelimit-limit"));
        Assert.Equal("9", headers.GetValue("x-ratelimit-remaining"));
        Assert.NotNull(refused);
        // A refused call is answered before any message: the headers come as its trailers.
        Assert.Equal("0", refused.Trailers.GetValue("x-ratelimit-remaining"));
        Assert.True(int.Parse(refused.Trailers.GetValue("retry-after")!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }
}
