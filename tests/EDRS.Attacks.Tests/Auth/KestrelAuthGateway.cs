using EDRS.Testing.Gateway;

namespace EDRS.Attacks.Tests.Auth;

/// <summary>The gateway on real Kestrel, so each caller has the loopback address it connects from (127.0.0.x).</summary>
public sealed class KestrelAuthGateway() : GatewayFixture(new GatewayOptions { Kestrel = true });
