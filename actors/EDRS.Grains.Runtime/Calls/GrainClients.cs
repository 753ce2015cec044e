using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Proto.Cluster;

namespace EDRS.Grains.Runtime;

/// <summary>Hands out typed grain clients: a generated gRPC client on a <see cref="ClusterCallInvoker"/>.</summary>
public sealed class GrainClients(Cluster cluster, IOptions<GrainOptions> options)
{
    public Cluster Cluster { get; } = cluster;

    /// <summary>The invoker for the grain of <paramref name="service"/>'s kind at <paramref name="identity"/>.</summary>
    public CallInvoker Invoker(ServiceDescriptor service, string identity) =>
        new ClusterCallInvoker(Cluster, GrainContract.Of(service), identity, options.Value.CallTimeout);

    /// <summary>True when some member of the cluster hosts grains of <paramref name="kind"/>: without one a call could only wait for its deadline.</summary>
    public bool IsHosted(string kind)
    {
        foreach (var member in Cluster.MemberList.GetAllMembers())
        {
            if (member.Kinds.Contains(kind))
                return true;
        }
        return false;
    }
}
