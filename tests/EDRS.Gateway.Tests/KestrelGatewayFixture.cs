namespace EDRS.Gateway.Tests;

/// <summary>The gateway on real Kestrel: REST over HTTP/1.1 and gRPC over h2c on free loopback ports.</summary>
public class KestrelGatewayFixture : GatewayFixture
{
    protected override bool UseKestrel => true;
}
