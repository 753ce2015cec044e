using EDRS.Grains.Runtime;
using EDRS.Hosting.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EDRS.Testing.Cluster;

/// <summary>
/// What a <see cref="TestMember"/> is: its journal, its kinds, its cluster provider, its model and any settings — the
/// choices an operator makes through configuration and a host makes in its Program.cs.
/// </summary>
public sealed record MemberSpec
{
    /// <summary>PostgreSQL connection string of the journal (schema applied at start); null: no journal (model runners).</summary>
    public string? Journal { get; init; }

    /// <summary>The features the member registers. Default: a core member.</summary>
    public MemberKinds Kinds { get; init; } = MemberKinds.Core;

    /// <summary>Grain kinds beyond the product's (test probes).</summary>
    public IReadOnlyList<GrainKindRegistration> ExtraKinds { get; init; } = [];

    /// <summary>False: the member joins the cluster but hosts no kinds (a gateway in a cluster).</summary>
    public bool HostsGrains { get; init; } = true;

    /// <summary>Default: one node (development topology).</summary>
    public ClusterProviderKind Provider { get; init; } = ClusterProviderKind.SingleNode;

    /// <summary>Seed provider: the member to join (null with no <see cref="SeedAddress"/>: this member is the seed).</summary>
    public TestMember? Seed { get; init; }

    /// <summary>Seed provider: the address (host:port) to join, for a seed that is not a <see cref="TestMember"/>.</summary>
    public string? SeedAddress { get; init; }

    /// <summary>MODEL_PATH of the inference runner (e.g. the tiny GGUF of <c>TinyGgufModel</c>).</summary>
    public string? ModelPath { get; init; }

    /// <summary>Configuration keys on top of the member's own (as an operator sets them).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Replaces or adds services after the host's own wiring (a recording stand-in, a clock).</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>Adds to the host before it is built (more features, telemetry exporters).</summary>
    public Action<IHostApplicationBuilder>? Configure { get; init; }

    /// <summary>Serve HTTP (health, metrics and the default endpoints) on a free loopback port, as a real member process does.</summary>
    public bool ServesHttp { get; init; }

    /// <summary>The cluster test members and gateways join unless told otherwise.</summary>
    public const string DefaultClusterName = "edrs-tests";

    /// <summary>Cluster name; members of different names never meet.</summary>
    public string ClusterName { get; init; } = DefaultClusterName;

    /// <summary>
    /// How long a silent member stays in the cluster: short by default, so a stopped member leaves the others' view
    /// within a test; null leaves the product's default (what a benchmark measures against).
    /// </summary>
    public TimeSpan? HeartbeatExpiration { get; init; } = TimeSpan.FromSeconds(2);
}
