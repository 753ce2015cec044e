using System.Globalization;
using k8s.Models;
using Proto.Cluster;

namespace EDRS.Cluster.Kubernetes;

/// <summary>Which pods are cluster members, and as what: the reading half of the Proto.Cluster.Kubernetes label contract.</summary>
public static class PodMembers
{
    /// <summary>
    /// The member a pod stands for, or null when it is none (yet): another cluster, labels incomplete, not Running,
    /// no address, or a container that has not <c>started</c>. Started, not Ready: the kubelet sets <c>started</c> once the
    /// startup probe (<c>/health/startup</c>: the host has started and joined) has passed and keeps it while the container
    /// runs, whereas readiness says "can take traffic" and includes PostgreSQL, so a database outage longer than the
    /// readiness threshold would otherwise drop every pod from the cluster, and Proto.Cluster would then block them all.
    /// This process's own pod only has to be Running: Proto.Cluster's start waits until a member sees itself, and the
    /// startup probe waits for that start, so requiring our own <c>started</c> would deadlock it.
    /// </summary>
    public static Member? ToMember(V1Pod pod, string clusterName, string selfMemberId)
    {
        var labels = pod.Metadata?.Labels;
        if (labels is null
            || !labels.TryGetValue(ProtoClusterLabels.Cluster, out var cluster) || cluster != clusterName
            || !labels.TryGetValue(ProtoClusterLabels.MemberId, out var memberId) || string.IsNullOrEmpty(memberId)
            || !labels.TryGetValue(ProtoClusterLabels.Port, out var portText)
            || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            return null;

        if (pod.Status?.Phase != "Running")
            return null;
        var host = labels.TryGetValue(ProtoClusterLabels.Host, out var advertised) && !string.IsNullOrEmpty(advertised)
            ? advertised
            : pod.Status.PodIP;
        if (string.IsNullOrEmpty(host))
            return null;

        var started = pod.Status.ContainerStatuses is { Count: > 0 } statuses && statuses.All(c => c.Started == true);
        if (!started && memberId != selfMemberId)
            return null;

        var member = new Member { Id = memberId, Host = host, Port = port };
        if (pod.Metadata!.Annotations?.TryGetValue(ProtoClusterLabels.Kinds, out var kinds) == true)
            member.Kinds.Add(kinds.Split(ProtoClusterLabels.KindSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return member;
    }
}
