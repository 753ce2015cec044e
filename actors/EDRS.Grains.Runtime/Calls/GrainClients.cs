using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Proto.Cluster;

namespace EDRS.Grains.Runtime;

/// <summary>Hands out typed grain clients: a generated gRPC client on a <see cref="ClusterCallInvoker"/>.</summary>
public sealed class GrainClients(Cluster cluster, IOptions<GrainOptions> options)
{
    public Cluster Cluster { get; } = cluster;

    /// <summary>The invoker for the grain <paramref name="key"/> of <paramref name="tenant"/>, of <paramref name="service"/>'s kind.</summary>
    /// <exception cref="ArgumentException">The tenant or the key is not a valid id.</exception>
    public CallInvoker Invoker(ServiceDescriptor service, string tenant, string key) =>
        Invoker(service, GrainIdentity.Of(GrainContract.Of(service).Kind, tenant, key));

    /// <summary>The invoker for replica <paramref name="replica"/> of the model runner <paramref name="model"/> (<paramref name="service"/>'s kind).</summary>
    public CallInvoker ModelInvoker(ServiceDescriptor service, string model, string replica) =>
        Invoker(service, GrainIdentity.ForModel(GrainContract.Of(service).Kind, model, replica));

    /// <summary>The invoker for the grain <paramref name="identity"/>, which must be of <paramref name="service"/>'s kind.</summary>
    public CallInvoker Invoker(ServiceDescriptor service, GrainIdentity identity)
    {
        var contract = GrainContract.Of(service);
        if (identity.Kind != contract.Kind)
            throw new ArgumentException($"{identity} is a {identity.Kind} identity, not a {contract.Kind} one.", nameof(identity));
        return new ClusterCallInvoker(Cluster, contract, identity.ClusterIdentity, options.Value.CallTimeout);
    }

    /// <summary>
    /// True when some member of the cluster hosts grains of <paramref name="kind"/>: without one a call could only wait for
    /// its deadline. The one "is this kind hosted" check; what this process itself hosts is the host's <c>LocalGrainKinds</c>.
    /// </summary>
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
