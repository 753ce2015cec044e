using Grpc.AspNetCore.Server.Model;
using Grpc.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Health = Grpc.Health.V1.Health;
using ReflectionV1 = Grpc.Reflection.V1.ServerReflection;
using ReflectionV1Alpha = Grpc.Reflection.V1Alpha.ServerReflection;

namespace EDRS.Hosts.Gateway.Grpc;

/// <summary>
/// The gRPC actor gateway: the grain services of <see cref="GrainServiceRegistry"/>, server reflection (v1 and
/// v1alpha) and the standard <c>grpc.health.v1.Health</c> service. Served on every endpoint that speaks HTTP/2;
/// plain-text gRPC (h2c) needs an HTTP/2-only endpoint (<c>Kestrel:Endpoints:Grpc</c>, <c>Protocols=Http2</c>).
/// </summary>
public static class GrainGatewayRegistration
{
    /// <summary>Largest gRPC request message. Grain requests are small (a profile is at most ~30 KB).</summary>
    public const int MaxReceiveMessageSize = 1024 * 1024;

    public static GrainServiceRegistry AddGrainGateway(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var registry = new GrainServiceRegistry();
        services.AddSingleton(registry);
        services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = MaxReceiveMessageSize;
            // Status details are the client's business; exception messages stay in the logs.
            o.EnableDetailedErrors = false;
            // Every served request's text is checked before its handler, whatever the service.
            o.Interceptors.Add<RequestTextCheckInterceptor>();
        });
        services.AddSingleton<GrainForwarder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<GrainForwarder>, GrainMethodProvider>());

        // Reflection finds services through generated base classes; the forwarder has none, so the
        // descriptors are given here: the served grain services and the gateway's own two.
        // Built when first asked for: by then every grain service is registered (Serve... follows AddGrainGateway).
        services.AddSingleton(_ => new GrpcRequestTypes(Descriptors(registry)));
        services.AddSingleton(_ => new ReflectionServiceImpl(Descriptors(registry)));
        services.AddSingleton(_ => new ReflectionV1ServiceImpl(Descriptors(registry)));
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks();
        return registry;
    }

    public static IEndpointRouteBuilder MapGrainGateway(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<GrainForwarder>();
        // Reflection and health describe the server, not tenant data: open to unauthenticated callers (probes, grpcurl).
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        return app;
    }

    /// <summary>What reflection describes: only the rpcs served (a grain service's internal rpcs are left out of its file).</summary>
    private static Google.Protobuf.Reflection.ServiceDescriptor[] Descriptors(GrainServiceRegistry registry)
    {
        var grainServices = registry.Services.Select(s => s.Service.FullName).ToHashSet(StringComparer.Ordinal);
        return ServedDescriptors.Of(
            [.. registry.Services.Select(s => s.Service), EDRS.Grains.Contracts.Events.EventIngestion.Descriptor, EDRS.Grains.Contracts.Knowledge.KnowledgeBase.Descriptor,
                Health.Descriptor, ReflectionV1.Descriptor, ReflectionV1Alpha.Descriptor],
            method => !grainServices.Contains(method.Service.FullName) || registry.Serves(method));
    }
}
