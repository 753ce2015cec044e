using EDRS.Actors;
using EDRS.Grains.Runtime;
using Microsoft.Extensions.Options;
using Proto;
using Proto.Cluster;
using Proto.Cluster.Partition;
using Proto.Remote;
using Proto.Remote.GrpcNet;

namespace EDRS.Attacks.Tests.Cluster;

/// <summary>
/// An actor system outside the cluster that speaks Proto.Remote to the members' remoting port with the same messages
/// and typed grain clients a member uses, but holds no cluster certificate: the attacker who reached port 4020.
/// </summary>
internal sealed class OutsiderClient : IAsyncDisposable
{
    private readonly ActorSystem _system;

    private OutsiderClient(ActorSystem system, GrainClients grains)
    {
        _system = system;
        Grains = grains;
    }

    public GrainClients Grains { get; }

    /// <summary>Starts an outsider that addresses the grains of <paramref name="members"/> (cluster <paramref name="clusterName"/>).</summary>
    public static async Task<OutsiderClient> StartAsync(string clusterName, IEnumerable<Member> members, TimeSpan callTimeout)
    {
        var remote = RemoteConfig.BindToLocalhost().WithProtoMessages([.. GrainMessages.Descriptors]);
        var known = members.Select(m => m.Clone()).ToArray();
        var system = new ActorSystem(ActorSystemConfig.Setup())
            .WithRemote(remote)
            .WithCluster(ClusterConfig.Setup(clusterName, new KnownMembersProvider(known), new PartitionIdentityLookup()));
        await system.Cluster().StartClientAsync();
        var grains = new GrainClients(system.Cluster(), Options.Create(new GrainOptions { CallTimeout = callTimeout }));
        return new OutsiderClient(system, grains);
    }

    public async ValueTask DisposeAsync() => await _system.Cluster().ShutdownAsync(graceful: false, reason: "test over");
}
