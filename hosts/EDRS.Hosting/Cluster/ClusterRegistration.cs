using EDRS.Actors;
using EDRS.Actors.Events;
using EDRS.Actors.Events.Ingestion;
using EDRS.Actors.Runtime;
using EDRS.Hosting.Cluster.Kubernetes;
using EDRS.Hosting.Options;
using Microsoft.Extensions.DependencyInjection;
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
    /// Adds the actor system and cluster membership. <paramref name="hostKinds"/> decides which grain
    /// kinds this member hosts (null: none, e.g. a gateway that only calls grains).
    /// </summary>
    public static IHostApplicationBuilder AddEdrsCluster(this IHostApplicationBuilder builder, Func<EdrsClusterOptions, bool> hostKinds)
    {
        var services = builder.Services;
        services.AddValidatedOptions<EdrsClusterOptions>(EdrsClusterOptions.Section, o => o.Validate());
        services.AddValidatedOptions<GrainOptions>(GrainOptions.Section, o => o.Validate());
        services.AddValidatedOptions<EventsOptions>(EventsOptions.Section, o => o.Validate());
        services.AddSingleton<EventIngestor>();
        services.AddSingleton(TimeProvider.System);
        foreach (var kind in CoreGrains.Kinds)
            services.AddSingleton(kind);
        services.AddSingleton<GrainKinds>();
        services.AddSingleton(sp => CreateActorSystem(sp, hostKinds));
        services.AddSingleton(sp => sp.GetRequiredService<ActorSystem>().Cluster());
        services.AddSingleton<GrainClients>();
        services.AddHostedService<ClusterMemberService>();
        return builder;
    }

    private static ActorSystem CreateActorSystem(IServiceProvider services, Func<EdrsClusterOptions, bool> hostKinds)
    {
        // Proto classes cache their loggers statically: the factory must be set before any of them exists.
        Log.SetLoggerFactory(services.GetRequiredService<ILoggerFactory>());
        var options = services.GetRequiredService<IOptions<EdrsClusterOptions>>().Value;
        var kinds = hostKinds(options) ? services.GetRequiredService<GrainKinds>().ToClusterKinds() : [];

        var remote = RemoteConfig.BindTo(options.Host, options.Port)
            .WithProtoMessages([.. CoreGrains.MessageDescriptors]);
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
