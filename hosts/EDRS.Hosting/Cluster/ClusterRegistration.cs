using EDRS.Actors;
using EDRS.Actors.Events;
using EDRS.Actors.Events.Ingestion;
using EDRS.Actors.Runtime;
using EDRS.Actors.Sessions;
using EDRS.Hosting.Cluster.Kubernetes;
using EDRS.Hosting.Inference;
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
    /// Adds the actor system and cluster membership of a core member: <paramref name="hostKinds"/> decides whether
    /// this member hosts the core grain kinds (false: none, e.g. a gateway that only calls grains). Model kinds are
    /// never hosted this way; see the overload taking the kinds.
    /// </summary>
    public static IHostApplicationBuilder AddEdrsCluster(this IHostApplicationBuilder builder, Func<EdrsClusterOptions, bool> hostKinds) =>
        builder.AddEdrsCluster(options => hostKinds(options) ? HostedGrainKinds.Core : []);

    /// <summary>
    /// Adds the actor system and cluster membership; <paramref name="hostKinds"/> names the grain kinds this process
    /// hosts — its role: <see cref="HostedGrainKinds.Core"/> (core members), <see cref="HostedGrainKinds.Models"/>
    /// (inference hosts), <see cref="HostedGrainKinds.All"/> (development), or none (a gateway in a cluster).
    /// </summary>
    public static IHostApplicationBuilder AddEdrsCluster(
        this IHostApplicationBuilder builder, Func<EdrsClusterOptions, IReadOnlyList<GrainKindRegistration>> hostKinds)
    {
        var services = builder.Services;
        services.AddValidatedOptions<EdrsClusterOptions>(EdrsClusterOptions.Section, o => o.Validate());
        services.AddValidatedOptions<GrainOptions>(GrainOptions.Section, o => o.Validate());
        services.AddValidatedOptions<SessionOptions>(SessionOptions.Section, o => o.Validate());
        services.AddValidatedOptions<EventsOptions>(EventsOptions.Section, o => o.Validate());
        services.AddSingleton<EventIngestor>();
        services.AddSingleton(TimeProvider.System);
        foreach (var kind in HostedGrainKinds.Known)
            services.AddSingleton(kind);
        services.AddSingleton<GrainKinds>();
        services.AddSingleton(sp => new HostedGrainKinds(hostKinds(sp.GetRequiredService<IOptions<EdrsClusterOptions>>().Value)));
        services.AddSingleton(CreateActorSystem);
        services.AddSingleton(sp => sp.GetRequiredService<ActorSystem>().Cluster());
        services.AddSingleton<GrainClients>();
        services.AddEdrsInference();
        services.AddHostedService<ModelWarmupService>();
        services.TryAddSingleton<MemberTermination>();
        services.AddHostedService<ClusterMemberService>();
        return builder;
    }

    private static ActorSystem CreateActorSystem(IServiceProvider services)
    {
        // Proto classes cache their loggers statically: the factory must be set before any of them exists.
        Log.SetLoggerFactory(new ProtoLoggerFactory(services.GetRequiredService<ILoggerFactory>()));
        var options = services.GetRequiredService<IOptions<EdrsClusterOptions>>().Value;
        var hosted = services.GetRequiredService<HostedGrainKinds>().Registrations;
        var kinds = hosted.Count == 0 ? [] : services.GetRequiredService<GrainKinds>().ToClusterKinds(hosted.Select(k => k.Kind));

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
