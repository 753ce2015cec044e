using EDRS.Actors;
using EDRS.Cluster.Kubernetes;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster.Workarounds;
using EDRS.Hosting.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Proto;
using Proto.Cluster;
using Proto.Cluster.Identity;
using Proto.Cluster.Partition;
using Proto.Cluster.Seed;
using Proto.Cluster.SingleNode;
using Proto.Remote;
using Proto.Remote.GrpcNet;

namespace EDRS.Hosting.Cluster;

/// <summary>Wires this process into the Proto.Cluster from validated <see cref="EdrsClusterOptions"/>.</summary>
public static class ClusterRegistration
{
    /// <summary>
    /// Adds the actor system, cluster membership and typed grain clients — the cluster only. Features add their grain
    /// kinds themselves (<c>AddEdrsPersonas()</c>, <c>AddEdrsSessions()</c>, ...); this process hosts every kind they
    /// registered, unless <paramref name="hostsGrains"/> says it hosts none (a gateway that joins a cluster of members
    /// only to call grains).
    /// </summary>
    public static IHostApplicationBuilder AddEdrsCluster(this IHostApplicationBuilder builder, Func<EdrsClusterOptions, bool>? hostsGrains = null)
    {
        var services = builder.Services;
        services.AddValidatedOptions<EdrsClusterOptions>(EdrsClusterOptions.Section, o => o.Validate());
        services.AddValidatedOptions<GrainOptions>(GrainOptions.Section, o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GrainKinds>();
        services.AddSingleton(sp => new LocalGrainKinds(
            hostsGrains?.Invoke(sp.GetRequiredService<IOptions<EdrsClusterOptions>>().Value) == false
                ? []
                : [.. sp.GetServices<GrainKindRegistration>().DistinctBy(k => k.Kind)]));
        services.AddSingleton(CreateActorSystem);
        services.AddSingleton(sp => sp.GetRequiredService<ActorSystem>().Cluster());
        services.AddSingleton<GrainClients>();
        services.TryAddSingleton<MemberTermination>();
        services.AddHostedService<ClusterMemberService>();
        return builder;
    }

    private static ActorSystem CreateActorSystem(IServiceProvider services)
    {
        // Proto classes cache their loggers statically: the factory must be set before any of them exists.
        Log.SetLoggerFactory(new ProtoLoggerFactory(services.GetRequiredService<ILoggerFactory>()));
        var options = services.GetRequiredService<IOptions<EdrsClusterOptions>>().Value;
        var hosted = services.GetRequiredService<LocalGrainKinds>().Registrations;
        var kinds = hosted.Count == 0 ? [] : services.GetRequiredService<GrainKinds>().ToClusterKinds(hosted);

        var remote = RemoteConfig.BindTo(options.Host, options.Port)
            .WithProtoMessages([.. GrainMessages.Descriptors]);
        if (!string.IsNullOrWhiteSpace(options.AdvertisedHost))
            remote = remote.WithAdvertisedHost(options.AdvertisedHost);

        var (provider, lookup) = options.Provider switch
        {
            ClusterProviderKind.SingleNode => ((IClusterProvider)new SingleNodeProvider(), (IIdentityLookup)new SingleNodeLookup()),
            ClusterProviderKind.Kubernetes => (KubernetesClusterProvider.Create(options.Kubernetes, services.GetRequiredService<ILoggerFactory>()), new PartitionIdentityLookup()),
            _ => (SeedProvider(options), new PartitionIdentityLookup()),
        };
        var cluster = ClusterConfig.Setup(options.Name, provider, lookup)
            .WithClusterKinds(kinds)
            .WithHeartbeatExpiration(options.HeartbeatExpiration)
            .WithHeartbeatExpirationHandler(new GuardedHeartbeatExpiration(
                options.HeartbeatExpiration,
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILoggerFactory>().CreateLogger("EDRS.Cluster")).HandleAsync)
            .WithActorRequestTimeout(options.ActorRequestTimeout);

        return new ActorSystem(ActorSystemConfig.Setup())
            .WithRemote(remote)
            .WithCluster(cluster);
    }

    private static IClusterProvider SeedProvider(EdrsClusterOptions options)
    {
        if (options.IsSeed)
            return FixedServerSeedNode.StartSeedNode();
        EdrsClusterOptions.TryParseSeed(options.SeedAddress, out var host, out var port);
        return FixedServerSeedNode.JoinSeedNode(host, port);
    }
}
