using EDRS.Testing;
using EDRS.Testing.Gateway;

namespace EDRS.Hosts.Gateway.Tests.Grpc;

/// <summary>A gateway in a cluster with no member for the persona kind (it hosts none itself in seed mode).</summary>
public sealed class NoPersonaMemberGateway() : GatewayFixture(new GatewayOptions { Kestrel = true })
{
    private readonly int _clusterPort = FreePorts.Next();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Cluster:Provider", "Seed"),
        new("Cluster:IsSeed", "true"),
        new("Cluster:Port", _clusterPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];
}
