using EDRS.Actors;
using EDRS.Cluster.Kubernetes;
using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster.Relay;
using EDRS.Hosting.Cluster.Tls;
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
    /// <summary>How long a relay client keeps a member it dropped out of its member list.</summary>
    private static readonly TimeSpan RelayBlockDuration = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Adds the actor system, cluster membership and typed grain clients — the cluster only. Features add their grain
    /// kinds themselves (<c>AddEdrsPersonas()</c>, <c>AddEdrsSessions()</c>, ...); this process hosts every kind they
    /// registered, unless <paramref name="hostsGrains"/> says it hosts none (a gateway that joins a cluster of members
    /// only to call grains). A relay client (<see cref="ClusterProviderKind.Relay"/>) never hosts any.
    /// </summary>
    public static IHostApplicationBuilder AddEdrsCluster(this IHostApplicationBuilder builder, Func<EdrsClusterOptions, bool>? hostsGrains = null)
    {
        var services = builder.Services;
        services.AddValidatedOptions<EdrsClusterOptions>(EdrsClusterOptions.Section, o => o.Validate());
        services.AddValidatedOptions<GrainOptions>(GrainOptions.Section, o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GrainKinds>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EdrsClusterOptions>>().Value;
            return new LocalGrainKinds(options.Provider == ClusterProviderKind.Relay || hostsGrains?.Invoke(options) == false
                ? []
                : [.. sp.GetServices<GrainKindRegistration>().DistinctBy(k => k.Kind)]);
        });
        // Loaded only when Cluster:Tls:Enabled (options validation has checked the files by then).
        services.AddSingleton(sp => ClusterTls.Load(
            sp.GetRequiredService<IOptions<EdrsClusterOptions>>().Value.Tls, sp.GetRequiredService<ILoggerFactory>().CreateLogger("EDRS.Cluster.Tls")));
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

        var loggers = services.GetRequiredService<ILoggerFactory>();
        var client = options.Provider == ClusterProviderKind.Relay;
        // A relay client opens no remoting endpoint: it only dials members, and their answers come back on its connections.
        var remote = (client ? RemoteConfig.BindToLocalhost() : RemoteConfig.BindTo(options.Host, options.Port))
            .WithProtoMessages([.. GrainMessages.Descriptors]);
        if (!client && !string.IsNullOrWhiteSpace(options.AdvertisedHost))
            remote = remote.WithAdvertisedHost(options.AdvertisedHost);
        if (options.Tls.Enabled)
            remote = services.GetRequiredService<ClusterTls>().Secure(remote);

        var (provider, lookup) = options.Provider switch
        {
            ClusterProviderKind.SingleNode => ((IClusterProvider)new SingleNodeProvider(), (IIdentityLookup)new SingleNodeLookup()),
            ClusterProviderKind.Kubernetes => (KubernetesClusterProvider.Create(options.Kubernetes, loggers), new PartitionIdentityLookup()),
            ClusterProviderKind.Relay => (new RelayClusterProvider(options, loggers.CreateLogger("EDRS.Cluster.Relay")), new PartitionIdentityLookup()),
            _ => (SeedProvider(options), new PartitionIdentityLookup()),
        };
        var cluster = ClusterConfig.Setup(options.Name, provider, lookup)
            .WithClusterKinds(kinds)
            .WithHeartbeatExpiration(options.HeartbeatExpiration)
            .WithHeartbeatExpirationHandler(new GuardedHeartbeatExpiration(
                options.HeartbeatExpiration,
                services.GetRequiredService<TimeProvider>(),
                loggers.CreateLogger("EDRS.Cluster")).HandleAsync)
            .WithActorRequestTimeout(options.ActorRequestTimeout);

        if (!client)
            return new ActorSystem(ActorSystemConfig.Setup()).WithRemote(remote).WithCluster(cluster);
        // Proto.Cluster blocks a member that leaves a member list, for an hour by default. A client is in nobody's list and
        // its blocks matter only to itself; a short one lets a member it dropped by mistake (a new member that a member it
        // asked had not seen yet, Proto's own block race) come back at the next answer that lists it.
        return new ActorSystem(ActorSystemConfig.Setup().WithBlockedMemberDuration(RelayBlockDuration))
            .WithClientRemote(remote)
            .WithCluster(cluster);
    }

    private static IClusterProvider SeedProvider(EdrsClusterOptions options)
    {
        if (options.IsSeed)
            return FixedServerSeedNode.StartSeedNode();
        EdrsClusterOptions.TryParseAddress(options.SeedAddress, out var host, out var port);
        return FixedServerSeedNode.JoinSeedNode(host, port);
    }
}
