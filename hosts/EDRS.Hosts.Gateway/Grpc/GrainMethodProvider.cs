using Grpc.AspNetCore.Server.Model;

namespace EDRS.Hosts.Gateway.Grpc;

/// <summary>Tells the gRPC server the rpcs of every registered grain service, all served by <see cref="GrainForwarder"/>.</summary>
internal sealed class GrainMethodProvider(GrainServiceRegistry registry) : IServiceMethodProvider<GrainForwarder>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<GrainForwarder> context)
    {
        foreach (var service in registry.Services)
            service.Bind(new ForwardingBinder(context, service));
    }
}
