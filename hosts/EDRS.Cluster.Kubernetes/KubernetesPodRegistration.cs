// Hand-written rather than depending on the Proto.Cluster.Kubernetes package, whose contract it keeps. It keeps that package's contract (labels
// cluster.proto.actor/cluster, /port, /member-id, /host and the kinds annotation) so existing tooling and operator
// habits carry over, but writes them with a JSON merge patch: the JSON Patch packages it uses are not served either,
// and a merge patch touches only our keys, leaving labels set by others (Helm, the ReplicaSet's pod-template-hash) alone.
using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EDRS.Cluster.Kubernetes;

/// <summary>Announces this process on its own pod (labels and the kinds annotation) and withdraws the announcement.</summary>
public sealed partial class KubernetesPodRegistration(IKubernetes client, string podName, string podNamespace, ILogger logger)
{
    /// <summary>
    /// Labels this pod as member <paramref name="memberId"/> of <paramref name="clusterName"/> reachable at
    /// <paramref name="advertisedHost"/>:<paramref name="port"/> hosting <paramref name="kinds"/>. The host label is
    /// written only when the advertised host differs from the pod IP (<paramref name="podIp"/>, else the pod's own status),
    /// and removed otherwise so a stale one from an earlier process in the same pod cannot mislead the others.
    /// </summary>
    public async Task RegisterAsync(
        string clusterName, string memberId, string advertisedHost, int port, IReadOnlyCollection<string> kinds, string? podIp,
        CancellationToken cancellationToken)
    {
        var pod = await client.CoreV1.ReadNamespacedPodAsync(podName, podNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        var ip = string.IsNullOrWhiteSpace(podIp) ? pod.Status?.PodIP : podIp;
        var hostLabel = string.Equals(advertisedHost, ip, StringComparison.OrdinalIgnoreCase) ? null : advertisedHost;
        if (hostLabel is not null && !ProtoClusterLabels.IsValidValue(hostLabel))
            throw new InvalidOperationException(
                $"The advertised host '{advertisedHost}' differs from the pod IP '{ip}' and cannot be a label value (at most 63 of A-Z a-z 0-9 - _ .): " +
                "set Cluster__AdvertisedHost to the pod IP (fieldRef status.podIP).");

        var patch = Patch(
            new JsonObject
            {
                [ProtoClusterLabels.Cluster] = clusterName,
                [ProtoClusterLabels.Port] = port.ToString(CultureInfo.InvariantCulture),
                [ProtoClusterLabels.MemberId] = memberId,
                [ProtoClusterLabels.Host] = hostLabel,
            },
            string.Join(ProtoClusterLabels.KindSeparator, kinds));
        await client.CoreV1.PatchNamespacedPodAsync(patch, podName, podNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        LogRegistered(logger, podNamespace, podName, memberId, hostLabel ?? ip ?? "", port, kinds.Count);
    }

    /// <summary>Removes the labels and the annotation, so the others' watches see this pod leave at once.</summary>
    public async Task DeregisterAsync(CancellationToken cancellationToken)
    {
        var patch = Patch(
            new JsonObject
            {
                [ProtoClusterLabels.Cluster] = null,
                [ProtoClusterLabels.Port] = null,
                [ProtoClusterLabels.MemberId] = null,
                [ProtoClusterLabels.Host] = null,
            },
            kinds: null);
        await client.CoreV1.PatchNamespacedPodAsync(patch, podName, podNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        LogDeregistered(logger, podNamespace, podName);
    }

    // RFC 7386: a key with null is removed, absent keys are left as they are.
    private static V1Patch Patch(JsonObject labels, string? kinds) =>
        new(new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["labels"] = labels,
                ["annotations"] = new JsonObject { [ProtoClusterLabels.Kinds] = kinds },
            },
        }.ToJsonString(), V1Patch.PatchType.MergePatch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Labelled pod {Namespace}/{Pod} as member {MemberId} at {Host}:{Port} with {KindCount} kinds")]
    private static partial void LogRegistered(ILogger logger, string @namespace, string pod, string memberId, string host, int port, int kindCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed the cluster labels from pod {Namespace}/{Pod}")]
    private static partial void LogDeregistered(ILogger logger, string @namespace, string pod);
}
