using EDRS.Testing.Gateway;

namespace EDRS.Attacks.Tests.Grpc;

/// <summary>The gateway on real Kestrel: REST over HTTP/1.1 and gRPC over h2c on free loopback ports.</summary>
public sealed class KestrelGateway() : GatewayFixture(new GatewayOptions { Kestrel = true });
