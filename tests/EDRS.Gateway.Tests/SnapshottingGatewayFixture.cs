namespace EDRS.Gateway.Tests;

/// <summary>The gateway with a snapshot after every event, so grains recover from snapshots.</summary>
public sealed class SnapshottingGatewayFixture : GatewayFixture
{
    protected override int SnapshotEvery => 1;
}
