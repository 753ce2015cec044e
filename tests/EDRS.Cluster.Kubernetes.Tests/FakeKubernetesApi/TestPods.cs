using System.Globalization;
using System.Text.Json.Nodes;

namespace EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;

/// <summary>
/// Pods as the API returns them, built from the Pod reference of the Kubernetes API. The label and annotation names
/// are written out here (not taken from the production constants) so the tests check the contract itself.
/// </summary>
public static class TestPods
{
    public const string Namespace = "edrs-test";

    /// <summary>
    /// A pod as its ReplicaSet creates it, before any member has labelled it. <paramref name="started"/> is the kubelet's
    /// container <c>started</c> (its startup probe has passed; it stays true while the container runs, whatever readiness
    /// says), <paramref name="ready"/> its readiness; a ready container has started.
    /// </summary>
    public static JsonObject Pod(string name, string? ip = "127.0.0.1", string phase = "Running", bool ready = true, bool started = true)
    {
        var status = new JsonObject { ["phase"] = phase };
        if (ip is not null)
        {
            status["podIP"] = ip;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip });
        }

        if (phase == "Running")
            status["containerStatuses"] = new JsonArray(ContainerStatus("member", ready, started || ready));
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = "edrs", ["pod-template-hash"] = "7d9f8c6b5" },
            },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "member", ["image"] = "edrs-member:test" }),
            },
            ["status"] = status,
        };
    }

    /// <summary>A pod that a member of <paramref name="cluster"/> has already labelled.</summary>
    public static JsonObject Member(
        string name, string memberId, int port, string cluster = "edrs", string kinds = "persona", bool ready = true,
        string ip = "127.0.0.1", string? hostLabel = null, bool started = true)
    {
        var pod = Pod(name, ip, ready: ready, started: started);
        var labels = (JsonObject)pod["metadata"]!["labels"]!;
        labels["cluster.proto.actor/cluster"] = cluster;
        labels["cluster.proto.actor/port"] = port.ToString(CultureInfo.InvariantCulture);
        labels["cluster.proto.actor/member-id"] = memberId;
        if (hostLabel is not null)
            labels["cluster.proto.actor/host"] = hostLabel;
        pod["metadata"]!["annotations"] = new JsonObject { ["cluster.proto.actor/kinds"] = kinds };
        return pod;
    }

    /// <summary>The kubelet's view of readiness changing; the container stays started (readiness failures do not restart it).</summary>
    public static JsonObject WithReady(JsonObject pod, bool ready) => WithContainer(pod, ready, started: true);

    /// <summary>
    /// The kubelet's view of the container: <paramref name="started"/> false while its startup probe has not passed (after a
    /// start or a restart), <paramref name="ready"/> what the readiness probe last concluded.
    /// </summary>
    public static JsonObject WithContainer(JsonObject pod, bool ready, bool started)
    {
        pod["status"]!["containerStatuses"] = new JsonArray(ContainerStatus("member", ready, started));
        return pod;
    }

    /// <summary>A label edit, as <c>kubectl label pod NAME key-</c> or the member's own deregistration does.</summary>
    public static JsonObject WithoutLabel(JsonObject pod, string key)
    {
        ((JsonObject)pod["metadata"]!["labels"]!).Remove(key);
        return pod;
    }

    public static string? Label(JsonObject? pod, string key) => pod?["metadata"]?["labels"]?[key]?.GetValue<string>();

    public static string? Annotation(JsonObject? pod, string key) => pod?["metadata"]?["annotations"]?[key]?.GetValue<string>();

    private static JsonObject ContainerStatus(string name, bool ready, bool started) => new()
    {
        ["name"] = name,
        ["ready"] = ready,
        ["started"] = started,
        ["restartCount"] = 0,
        ["image"] = "edrs-member:test",
        ["imageID"] = "docker-pullable://edrs-member@sha256:0",
        ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2026-01-01T00:00:00Z" } },
    };
}
