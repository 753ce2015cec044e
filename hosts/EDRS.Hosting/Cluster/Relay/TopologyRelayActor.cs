using EDRS.Grains.Contracts.Cluster;
using Proto;
using Proto.Cluster;

namespace EDRS.Hosting.Cluster.Relay;

/// <summary>
/// Tells a process that is no member (the gateway, <c>Cluster__Provider=Relay</c>) which members the cluster has, as this
/// member sees them. Every member runs it once joined, as the system actor <see cref="Name"/>; remoting's mutual TLS
/// decides who may ask.
/// </summary>
internal sealed class TopologyRelayActor(Proto.Cluster.Cluster cluster) : IActor
{
    public const string Name = "$edrs-topology-relay";

    public Task ReceiveAsync(IContext context)
    {
        if (context.Message is TopologyRelayRequest)
            context.Respond(Topology());
        return Task.CompletedTask;
    }

    /// <summary>Starts the relay on this member.</summary>
    public static PID Spawn(Proto.Cluster.Cluster cluster) =>
        cluster.System.Root.SpawnNamedSystem(Props.FromProducer(() => new TopologyRelayActor(cluster)), Name);

    private RelayedTopology Topology()
    {
        var topology = new RelayedTopology { AnsweredBy = cluster.System.Id };
        foreach (var member in cluster.MemberList.GetAllMembers())
        {
            var relayed = new RelayedMember { Id = member.Id, Host = member.Host, Port = member.Port };
            relayed.Kinds.AddRange(member.Kinds);
            topology.Members.Add(relayed);
        }
        return topology;
    }
}
