using EDRS.Testing.Gateway;

namespace EDRS.Attacks.Tests.Quotas;

/// <summary>
/// The gateway with a long grain call timeout, so a recovery at the limits is measured to its end however busy the machine
/// running the test is (the time is reported against the default <c>Grains__CallTimeout</c>, never asserted).
/// </summary>
public sealed class RecoveryGateway() : GatewayFixture(new GatewayOptions
{
    Settings = new Dictionary<string, string?> { ["Grains:CallTimeout"] = "00:02:00" },
});
