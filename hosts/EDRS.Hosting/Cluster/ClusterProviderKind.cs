namespace EDRS.Hosting.Cluster;

/// <summary>How a member finds the others.</summary>
public enum ClusterProviderKind
{
    /// <summary>One process, no network membership (development).</summary>
    SingleNode,

    /// <summary>Fixed seed nodes: several processes on one host or a VM fleet.</summary>
    Seed,

    /// <summary>Pods labelled and watched through the Kubernetes API (see <c>Cluster/Kubernetes</c>).</summary>
    Kubernetes,

    /// <summary>
    /// Not a member: a client of the cluster that hosts no grains and gets the member list from the members over remoting
    /// (the gateway in Kubernetes, which then needs no API token; see <c>Cluster/Relay</c>).
    /// </summary>
    Relay,
}
