using EDRS.Testing.Gateway;

namespace EDRS.Hosts.Gateway.Tests;

/// <summary>The gateway with a snapshot after every event, so grains recover from snapshots.</summary>
public sealed class SnapshottingGateway() : GatewayFixture(new GatewayOptions { SnapshotEvery = 1 });
