using System.Net;
using EDRS.Cluster.Kubernetes;
using EDRS.Hosting.Cluster.Tls;

namespace EDRS.Hosting.Cluster;

/// <summary>Cluster membership of this process (section <c>Cluster</c>; environment variables <c>Cluster__...</c>).</summary>
public sealed class EdrsClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>Cluster name; members of different names never join. Default <c>edrs</c>.</summary>
    public string Name { get; set; } = "edrs";

    /// <summary><c>SingleNode</c> (default, development), <c>Seed</c>, <c>Kubernetes</c> or <c>Relay</c> (case-insensitive).</summary>
    public ClusterProviderKind Provider { get; set; } = ClusterProviderKind.SingleNode;

    /// <summary>Address the remoting endpoint binds to. Default 127.0.0.1. A relay client opens no endpoint.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Remoting port; 0 picks a free one. Default 0. A seed node needs a fixed port.</summary>
    public int Port { get; set; }

    /// <summary>Address other members reach this one at, when it differs from <see cref="Host"/> (pod IP, NAT).</summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>Seed provider: this member is the seed node that others join. Default false.</summary>
    public bool IsSeed { get; set; }

    /// <summary>Seed provider: the seed to join, <c>host:port</c> (required unless <see cref="IsSeed"/>).</summary>
    public string? SeedAddress { get; set; }

    /// <summary>
    /// A member whose heartbeat is older than this is removed and its grains re-activate elsewhere.
    /// Proto.Cluster 1.8 leaves it off, so a killed member would never be removed. Default 3 s.
    /// </summary>
    public TimeSpan HeartbeatExpiration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Kubernetes provider: this pod and the API server (section <c>Cluster:Kubernetes</c>).</summary>
    public KubernetesProviderOptions Kubernetes { get; set; } = new();

    /// <summary>Mutual TLS on remoting (section <c>Cluster:Tls</c>): the cluster certificate and the CAs peers must chain to.</summary>
    public ClusterTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// Relay provider: <c>host:port</c> where a member answers first (the members' headless Service and remoting port);
    /// later the members it has learnt are asked directly. Required with <c>Relay</c>.
    /// </summary>
    public string? RelayAddress { get; set; }

    /// <summary>Relay provider: how often the member list is asked for again. Default 1 s.</summary>
    public TimeSpan RelayRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Relay provider: the start fails if no member has answered within this time. Default 30 s.</summary>
    public TimeSpan RelayJoinTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the cluster waits for a grain's answer before re-sending. Whole seconds only. Default 5 s.</summary>
    public TimeSpan ActorRequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Seed provider, joining member: the start fails if no other member is seen within this time. Proto.Cluster 1.8 gives
    /// up after one failed join and would run the process as a cluster of its own, silently. Default 30 s.
    /// </summary>
    public TimeSpan SeedJoinTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
            problems.Add("Cluster:Name is required: set Cluster__Name.");
        if (Port is < 0 or > 65535)
            problems.Add($"Cluster:Port must be 0..65535 (was {Port}): set Cluster__Port.");
        if (string.IsNullOrWhiteSpace(Host))
            problems.Add("Cluster:Host is required: set Cluster__Host (e.g. 0.0.0.0 in a pod, 127.0.0.1 locally).");
        if (Provider == ClusterProviderKind.Seed)
        {
            if (IsSeed && Port == 0)
                problems.Add("A seed node needs a fixed port: set Cluster__Port.");
            if (!IsSeed && !TryParseAddress(SeedAddress, out _, out _))
                problems.Add($"Cluster:SeedAddress must be host:port (was '{SeedAddress}'): set Cluster__SeedAddress, or Cluster__IsSeed=true on the seed node.");
        }
        if (Provider == ClusterProviderKind.Kubernetes)
            problems.AddRange(Kubernetes.Validate(Name, Host, AdvertisedHost));
        if (Provider == ClusterProviderKind.Relay)
        {
            if (!TryParseAddress(RelayAddress, out _, out _))
                problems.Add($"Cluster:RelayAddress must be host:port (was '{RelayAddress}'): set Cluster__RelayAddress to where members answer (e.g. their headless Service and remoting port).");
            if (RelayRefreshInterval < TimeSpan.FromMilliseconds(100))
                problems.Add($"Cluster:RelayRefreshInterval must be at least 100 ms (was {RelayRefreshInterval}): set Cluster__RelayRefreshInterval.");
            if (RelayJoinTimeout < TimeSpan.FromSeconds(1))
                problems.Add($"Cluster:RelayJoinTimeout must be at least 1 s (was {RelayJoinTimeout}): set Cluster__RelayJoinTimeout.");
        }
        problems.AddRange(Tls.Validate());
        if (HeartbeatExpiration < TimeSpan.FromMilliseconds(500))
            problems.Add($"Cluster:HeartbeatExpiration must be at least 500 ms (was {HeartbeatExpiration}): set Cluster__HeartbeatExpiration.");
        if (SeedJoinTimeout < TimeSpan.FromSeconds(1))
            problems.Add($"Cluster:SeedJoinTimeout must be at least 1 s (was {SeedJoinTimeout}): set Cluster__SeedJoinTimeout.");
        if (ActorRequestTimeout < TimeSpan.FromSeconds(1) || ActorRequestTimeout.Ticks % TimeSpan.TicksPerSecond != 0)
            problems.Add($"Cluster:ActorRequestTimeout must be whole seconds, at least 1 (was {ActorRequestTimeout}): set Cluster__ActorRequestTimeout.");
        return problems;
    }

    /// <summary>Parses <c>host:port</c> (a seed or relay address).</summary>
    public static bool TryParseAddress(string? value, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = value?.LastIndexOf(':') ?? -1;
        if (value is null || colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), out port) || port is < 1 or > 65535)
            return false;
        host = value[..colon];
        return Uri.CheckHostName(host) != UriHostNameType.Unknown || IPAddress.TryParse(host, out _);
    }
}
