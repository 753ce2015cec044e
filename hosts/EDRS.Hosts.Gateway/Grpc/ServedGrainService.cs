using System.Collections.Frozen;
using Grpc.Core;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace EDRS.Hosts.Gateway.Grpc;

/// <summary>A grain service the gateway serves: its descriptor, its generated binding and its rpcs.</summary>
public sealed class ServedGrainService(ServiceDescriptor service, Action<ServiceBinderBase> bind, FrozenDictionary<string, GrainRpc> rpcs)
{
    public ServiceDescriptor Service { get; } = service;

    /// <summary>Runs the generated <c>BindService</c> with no implementation: it reports each rpc's <c>Method</c> to the binder.</summary>
    public Action<ServiceBinderBase> Bind { get; } = bind;

    public FrozenDictionary<string, GrainRpc> Rpcs { get; } = rpcs;
}
