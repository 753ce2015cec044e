using System.Text.RegularExpressions;

namespace EDRS.Cluster.Kubernetes;

/// <summary>
/// The pod labels and annotation of Proto.Cluster.Kubernetes' contract, kept so that operators (and tools) who
/// know Proto.Actor find members the way they expect: <c>kubectl get pods -l cluster.proto.actor/cluster=edrs</c>.
/// </summary>
public static partial class ProtoClusterLabels
{
    private const string Prefix = "cluster.proto.actor/";

    /// <summary>Label: the cluster name; the watch's label selector.</summary>
    public const string Cluster = Prefix + "cluster";

    /// <summary>Label: the remoting port.</summary>
    public const string Port = Prefix + "port";

    /// <summary>Label: the member id (<c>ActorSystem.Id</c>), new for every process.</summary>
    public const string MemberId = Prefix + "member-id";

    /// <summary>Label: the advertised host, only when it differs from the pod IP (others use the pod IP otherwise).</summary>
    public const string Host = Prefix + "host";

    /// <summary>Annotation (not a label: label values cannot hold <c>;</c>): the member's grain kinds joined by <c>;</c>.</summary>
    public const string Kinds = Prefix + "kinds";

    /// <summary>The separator of kinds in <see cref="Kinds"/>.</summary>
    public const char KindSeparator = ';';

    /// <summary>Whether <paramref name="value"/> may be a label value (Kubernetes: at most 63 characters, alphanumeric at both ends, <c>-_.</c> inside).</summary>
    public static bool IsValidValue(string value) => value.Length <= 63 && LabelValue().IsMatch(value);

    [GeneratedRegex("^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?\\z")]
    private static partial Regex LabelValue();
}
